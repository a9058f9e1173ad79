using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Specs.Loading;
using Toolchain.Stages;
using Toolchain.Stages.Experiments;
using Toolchain.Stages.Running;

namespace Toolchain.Cli.Commands;

/// <summary>Runs an RL comparison experiment: each arm's pipeline up to refine, then the judge's learning curves.</summary>
public sealed class CompareRlCommand : Command<CompareRlCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<EXPERIMENT>")]
        [Description("Experiment file (e.g. experiments/rl-options.yaml): a dataset spec and the arms that vary its settings.")]
        public string Experiment { get; init; } = "";

        [CommandOption("--cache <DIR>")]
        [Description("Stage cache folder (default: cache).")]
        public string Cache { get; init; } = "cache";

        [CommandOption("--out <DIR>")]
        [Description("Where curves.csv, summary.md and judge-apr.png go (default: out/<experiment name>).")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var experiment = RlComparisonSpec.Load(settings.Experiment);
        string output = settings.Out ?? Path.Combine("out", Path.GetFileNameWithoutExtension(settings.Experiment));
        var runner = new PipelineRunner(StageCatalogue.Default(), new AnsiConsoleWriter(), ConsoleProgress.Create());
        new RlComparison(runner, settings.Cache, output, Console.WriteLine).Run(experiment, cancellationToken);
        Console.Write(File.ReadAllText(Path.Combine(output, RlComparison.SummaryFile)));
        Console.WriteLine($"curves: {Path.Combine(output, RlComparison.CurvesFile)}, plots: {Path.Combine(output, RlComparison.PlotFile)}, {Path.Combine(output, RlComparison.FrechetPlotFile)}");
        return 0;
    }
}
