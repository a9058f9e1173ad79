using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Running;

namespace Toolchain.Cli.Commands;

/// <summary>For each stage of a spec: cached, or why it will run.</summary>
public sealed class StatusCommand : Command<StatusCommand.Settings>
{
    public sealed class Settings : SpecSettings
    {
        [CommandOption("--force <STAGES>")]
        [Description("Comma-separated stages to treat as forced.")]
        public string? Force { get; init; }

        [CommandOption("--verify")]
        [Description("Rehash cached outputs; a mismatch shows as a stage that will run.")]
        public bool Verify { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var spec = SpecLoader.Load(settings.Spec);
        var force = (settings.Force ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var report = PipelineRunner.Status(spec, settings.Cache, force, settings.Verify);
        Console.WriteLine(report.Describe());
        return 0;
    }
}
