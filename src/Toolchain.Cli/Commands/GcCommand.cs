using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Locking;

namespace Toolchain.Cli.Commands;

/// <summary>Removes cache entries that no lock file references.</summary>
public sealed class GcCommand : Command<GcCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--cache <DIR>")]
        [Description("Stage cache folder (default: cache).")]
        public string Cache { get; init; } = "cache";

        [CommandOption("--keep <LOCKFILES>")]
        [Description("Lock files whose entries are kept (default: every dataset-specs/*.lock).")]
        public string[] Keep { get; init; } = [];

        [CommandOption("--dry-run")]
        [Description("List the entries that would be removed, without removing anything.")]
        public bool DryRun { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var keep = settings.Keep.Length > 0
            ? settings.Keep
            : Directory.Exists("dataset-specs") ? Directory.GetFiles("dataset-specs", "*.lock") : [];
        var report = CacheGarbageCollector.Collect(new StageCache(settings.Cache), keep.Select(LockFile.Read), settings.DryRun);
        Console.WriteLine($"kept entries referenced by: {(keep.Length == 0 ? "(no lock files)" : string.Join(", ", keep))}");
        Console.WriteLine(report.Describe());
        return 0;
    }
}
