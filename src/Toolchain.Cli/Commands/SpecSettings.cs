using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Toolchain.Cli.Commands;

/// <summary>Options shared by the commands that work on a dataset spec and the stage cache.</summary>
public class SpecSettings : CommandSettings
{
    [CommandOption("--spec <FILE>")]
    [Description("Dataset spec (default dataset-specs/demo.yaml).")]
    public string Spec { get; init; } = "dataset-specs/demo.yaml";

    [CommandOption("--cache <DIR>")]
    [Description("Stage cache folder (default: cache).")]
    public string Cache { get; init; } = "cache";

    public override ValidationResult Validate() =>
        File.Exists(Cache) ? ValidationResult.Error($"--cache {Cache} is a file; the stage cache is a folder") : ValidationResult.Success();
}
