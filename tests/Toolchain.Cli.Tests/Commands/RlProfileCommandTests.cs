using Toolchain.Cli.Commands;

namespace Toolchain.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class RlProfileCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("rl-profile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ABadExperimentFileExitsWithCode2AndWritesNothing()
    {
        var file = Path.Combine(folder, "rl.yaml");
        File.WriteAllText(file, "spec: missing.yaml\narms:\n  a: {}\n  b: {}\n");
        var (code, stdout, stderr) = Run("--experiment", file, "--out", Path.Combine(folder, "out"));

        Assert.Equal(2, code);
        Assert.Contains("rl.yaml:1:7: spec: dataset spec not found", stdout + stderr);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
    }

    [Theory]
    [InlineData("--samples-per-prompt", "1", "--samples-per-prompt must be at least 2")]
    [InlineData("--spec", "a.yaml", "give --spec or --experiment, not both")]
    public void SettingsThatCannotProfileAreRefused(string option, string value, string message)
    {
        var (code, stdout, stderr) = Run(option, value, "--experiment", Path.Combine(folder, "rl.yaml"), "--out", Path.Combine(folder, "out"));

        Assert.NotEqual(0, code);
        Assert.Contains(message, stdout + stderr);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        CliRunner.Run(c => c.AddCommand<RlProfileCommand>("rl-profile"), ["rl-profile", .. args]);
}
