using Toolchain.Cli.Commands;
using Toolchain.Cli.Tests.Fuzz;
using Toolchain.Cli.Tests.Reliability;

namespace Toolchain.Cli.Tests.Commands;

/// <summary>The command line behaves like its peers: --version, I/O failures as user errors.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CliConventionsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("conventions-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void VersionNamesTheToolchainCommitAndTheLibtorchItRuns()
    {
        using var process = new CliProcess(folder, "--version");
        var (code, stdout, stderr) = process.Wait(TimeSpan.FromMinutes(2));

        Assert.True(code == 0, stderr);
        Assert.Matches(@"^toolchain \d+\.\d+\.\d+ \(commit ([0-9a-f]+|unknown)\)\n", stdout);
        Assert.Contains($", libtorch {TorchSharp.torch.__version__}\n", stdout);
        Assert.Contains("TorchSharp-", stdout);
    }

    [Fact]
    public void ALogWrittenToAFileKeepsEachLineWhole()
    {
        Assert.True(Console.IsOutputRedirected, "the test host's stdout is a pipe, as a CI log is");
        var line = "finetune: " + string.Join(" ", Enumerable.Range(0, 30).Select(i => $"word{i}"));
        var captured = new StringWriter();
        var old = Console.Out;
        Console.SetOut(captured);
        try
        {
            using var writer = new AnsiConsoleWriter();
            writer.WriteLine(line);
            writer.Write("second line\n");
        }
        finally
        {
            Console.SetOut(old);
        }
        Assert.Equal(line + "\n" + "second line\n", captured.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ACacheThatIsAFileIsRefusedNotTakenForAnEmptyCache()
    {
        var file = Path.Combine(folder, "not-a-folder");
        File.WriteAllText(file, "");
        var (code, stdout, stderr) = CliRunner.Run(c => c.AddCommand<StatusCommand>("status"),
            "status", "--spec", RepoFiles.Path("dataset-specs", "ci.yaml"), "--cache", file);

        Assert.Equal(2, code);
        Assert.Contains($"--cache {file} is a file; the stage cache is a folder", stderr);
        Assert.DoesNotContain("no previous run", stdout);
    }

    [Fact]
    public void ACacheFolderThatCannotBeCreatedIsAUserErrorWithoutAStackTrace()
    {
        var specs = Path.Combine(folder, "repo");
        RepoFiles.CopySpecs(specs);
        var (code, _, stderr) = CliRunner.Run(c => c.AddCommand<PromptsCommand>("prompts"),
            "prompts", "--spec", Path.Combine(specs, "dataset-specs", "ci.yaml"), "--cache", "/proc/x");

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", stderr);
        Assert.Contains("/proc/x", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
