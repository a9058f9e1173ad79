using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Pipeline.Cache;
using Toolchain.Specs.Loading;
using Toolchain.Stages;
using Toolchain.Stages.Release;
using Toolchain.Stages.Running;

namespace Toolchain.Cli.Commands;

/// <summary>Runs a spec's pipeline (or its stages up to one) through the stage cache.</summary>
public sealed class RunCommand : Command<RunCommand.Settings>
{
    public sealed class Settings : SpecSettings
    {
        [CommandOption("--until <STAGE>")]
        [Description("Last stage to run; earlier stages come from the cache when unchanged.")]
        public string? Until { get; init; }

        [CommandOption("--force <STAGES>")]
        [Description("Comma-separated stages to rerun even when cached.")]
        public string? Force { get; init; }

        [CommandOption("--verify")]
        [Description("Rehash cached outputs before reusing them.")]
        public bool Verify { get; init; }

        [CommandOption("--no-wait")]
        [Description("Fail instead of waiting when another run holds a stage's lock.")]
        public bool NoWait { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var spec = SpecLoader.Load(settings.Spec);
        var force = (settings.Force ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var options = new RunOptions(settings.Cache, settings.Until, force, settings.Verify, settings.NoWait ? LockWaitMode.Fail : LockWaitMode.Wait);
        var runner = new PipelineRunner(StageCatalogue.Default(), new AnsiConsoleWriter(), ConsoleProgress.Create());
        var runs = runner.Run(spec, options, cancellationToken);
        ReleasePublishing.AfterRun(spec, runs, Environment.CurrentDirectory);
        Console.WriteLine($"{spec.Dataset.Name}: {runs.Count(r => r.Outcome == ProduceOutcome.Produced)} stage(s) ran, {runs.Count(r => r.Outcome == ProduceOutcome.Hit)} from cache; lock file {Path.GetRelativePath(Environment.CurrentDirectory, PipelineRunner.LockFilePath(spec))}");
        return 0;
    }
}
