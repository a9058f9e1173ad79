using Toolchain.Cli.Commands;

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
}
