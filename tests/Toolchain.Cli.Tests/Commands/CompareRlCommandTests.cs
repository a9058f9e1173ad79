using Toolchain.Cli.Commands;
using Toolchain.Cli.Tests.Fuzz;

namespace Toolchain.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class CompareRlCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("compare-rl-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ABadExperimentFileExitsWithCode2NamingFileLineAndKey()
    {
        var file = Path.Combine(folder, "rl.yaml");
        File.WriteAllText(file, "spec: missing.yaml\njudge_curve: {every: 0}\narms:\n  only: {}\n");
        var (code, stdout, stderr) = CliRunner.Run(c => c.AddCommand<CompareRlCommand>("compare-rl"), "compare-rl", file, "--out", Path.Combine(folder, "out"));

        Assert.Equal(2, code);
        var output = stdout + stderr;
        Assert.Contains("rl.yaml:1:7: spec: dataset spec not found", output);
        Assert.Contains("rl.yaml:2:22: judge_curve.every: expected an integer from 1 to 1000", output);
        Assert.Contains("rl.yaml:4:3: arms: required: a mapping of at least two arms", output);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
    }

    [Fact]
    public void AMistakeInTheLastArmStopsTheRunBeforeTheFirstArmStarts()
    {
        var file = Path.Combine(folder, "rl.yaml");
        File.WriteAllText(file, $"spec: {RepoFiles.Path("dataset-specs", "ci.yaml")}\narms:\n  plain: {{}}\n  typo:\n    refine: {{learning_rat: 0.01}}\n");
        string cache = Path.Combine(folder, "cache");
        var (code, stdout, stderr) = CliRunner.Run(c => c.AddCommand<CompareRlCommand>("compare-rl"), "compare-rl", file, "--cache", cache, "--out", Path.Combine(folder, "out"));

        Assert.Equal(2, code);
        Assert.Contains("rl.yaml:5:14: arms.typo.refine.learning_rat: unknown key", stdout + stderr);
        Assert.False(Directory.Exists(cache), "a stage ran before the bad arm was found");
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
    }
}
