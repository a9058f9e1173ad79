using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Specs.Loading;

namespace Toolchain.Cli.Commands;

/// <summary>
/// Validates a dataset spec and its pipeline, or an RL comparison experiment and every arm's resolved spec;
/// every error at once, exit code 2.
/// </summary>
public sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SPEC>")]
        [Description("Dataset spec file, or an experiment file (experiments/*.yaml).")]
        public string Spec { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (RlComparisonSpec.IsExperimentFile(settings.Spec))
        {
            var experiment = RlComparisonSpec.Load(settings.Spec);
            var arms = experiment.ResolveArms();
            Console.WriteLine($"{settings.Spec}: valid experiment ({arms.Count} arms over {Path.GetFileName(experiment.SpecPath)}: {string.Join(", ", arms.Select(a => a.Arm.Name))}; reference {experiment.Reference})");
            return 0;
        }
        var spec = SpecLoader.Load(settings.Spec);
        Console.WriteLine($"{settings.Spec}: valid ({spec.Dataset.Name}, pipeline {spec.Pipeline.Name}: {string.Join(" -> ", spec.Stages.Select(s => s.Name))})");
        return 0;
    }
}
