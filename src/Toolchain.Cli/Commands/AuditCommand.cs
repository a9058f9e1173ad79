using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Stages;
using Toolchain.Stages.Audit;

namespace Toolchain.Cli.Commands;

/// <summary>Rebuilds a release from its own spec in a fresh cache and compares every stage byte for byte.</summary>
public sealed class AuditCommand : Command<AuditCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RELEASE>")]
        [Description("A release folder (releases/<name>/<version>).")]
        public string Release { get; init; } = "";

        [CommandOption("--data-root <DIR>")]
        [Description("Folder standing for the one the release's spec/ came from (usually the repository root), for specs that read data files by relative path.")]
        public string? DataRoot { get; init; }

        [CommandOption("--keep")]
        [Description("Keep the temporary workspace (restored spec and fresh cache).")]
        public bool Keep { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var auditor = new ReleaseAuditor(StageCatalogue.Default(), new AnsiConsoleWriter(), ConsoleProgress.Create());
        var report = auditor.Audit(settings.Release, new AuditOptions(settings.DataRoot, settings.Keep), cancellationToken);
        Console.Write(report.Describe());
        return report.Passed ? 0 : 1;
    }
}
