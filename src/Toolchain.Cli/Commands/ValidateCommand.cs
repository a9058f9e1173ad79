using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Specs.Loading;

namespace Toolchain.Cli.Commands;

/// <summary>Validates a dataset spec and its pipeline; every error at once, exit code 2.</summary>
public sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SPEC>")]
        [Description("Dataset spec file.")]
        public string Spec { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var spec = SpecLoader.Load(settings.Spec);
        Console.WriteLine($"{settings.Spec}: valid ({spec.Dataset.Name}, pipeline {spec.Pipeline.Name}: {string.Join(" -> ", spec.Stages.Select(s => s.Name))})");
        return 0;
    }
}
