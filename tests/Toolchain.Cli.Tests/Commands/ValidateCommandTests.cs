using Toolchain.Cli.Commands;
using Toolchain.Cli.Tests.Fuzz;

namespace Toolchain.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("validate-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ADatasetSpecIsValidatedWithItsPipeline()
    {
        var (code, stdout, _) = Run(RepoFiles.Path("dataset-specs", "ci.yaml"));

        Assert.Equal(0, code);
        Assert.Contains("ci.yaml: valid (", stdout);
        Assert.Contains("prepare -> finetune", stdout);
    }

    [Fact]
    public void AnExperimentIsValidatedWithEveryArmsResolvedSpec()
    {
        var (code, stdout, _) = Run(RepoFiles.Path("experiments", "rl-options-long-ddpo.yaml"));

        Assert.Equal(0, code);
        Assert.Contains("valid experiment (3 arms over demo-large-judge.yaml: ddpo, ddpo-gated, ddpo-gated-kl001; reference ddpo)", stdout);
    }

    [Fact]
    public void ABadArmInAnExperimentIsReportedByFileLineAndKey()
    {
        var file = Path.Combine(folder, "rl.yaml");
        File.WriteAllText(file, $"spec: {RepoFiles.Path("dataset-specs", "ci.yaml")}\narms:\n  plain: {{}}\n  typo:\n    refine: {{learning_rat: 0.01}}\n");
        var (code, stdout, stderr) = Run(file);

        Assert.Equal(2, code);
        Assert.Contains("rl.yaml:5:14: arms.typo.refine.learning_rat: unknown key", stdout + stderr);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        CliRunner.Run(c => c.AddCommand<ValidateCommand>("validate"), ["validate", .. args]);
}
