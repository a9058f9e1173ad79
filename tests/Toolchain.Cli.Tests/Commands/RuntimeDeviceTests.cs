using System.Diagnostics;
using Toolchain.Cli.Commands;
using Toolchain.Cli.Tests.Fuzz;

namespace Toolchain.Cli.Tests.Commands;

/// <summary>runtime.device and the TorchBackend build property are obeyed, seen from the command line and MSBuild.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RuntimeDeviceTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("device-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ThePapersCudaSpecIsRefusedBeforeAnyStageRunsOnAHostWithoutCuda()
    {
        if (TorchSharp.torch.cuda.is_available()) return; // a CUDA build on a GPU host runs it instead
        var cache = Path.Combine(folder, "cache");
        var (code, stdout, stderr) = CliRunner.Run(c => c.AddCommand<RunCommand>("run"),
            "run", "--spec", RepoFiles.Path("dataset-specs", "isic2019-rl4med.yaml"), "--cache", cache);

        Assert.Equal(2, code);
        Assert.StartsWith("runtime.device: cuda is not available here: this build uses TorchSharp-cpu", stderr);
        Assert.DoesNotContain("running", stdout);
        Assert.False(Directory.Exists(cache) && Directory.EnumerateFileSystemEntries(cache).Any(), "a refused run left something in the cache");
    }

    [Theory]
    [InlineData("", "TorchSharp-cpu")]
    [InlineData("cuda", "TorchSharp-cuda-linux")]
    public void TorchBackendSelectsTheTorchSharpPackage(string backend, string package)
    {
        if (OperatingSystem.IsWindows() && backend == "cuda") package = "TorchSharp-cuda-windows";
        foreach (var project in new[] { "Toolchain.Diffusion", "Toolchain.Vision" })
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "msbuild", RepoFiles.Path("src", project, project + ".csproj"), "-getItem:PackageReference" })
            {
                info.ArgumentList.Add(arg);
            }
            // No property at all for the default: a global property, even an empty one, cannot be defaulted.
            if (backend.Length > 0) info.ArgumentList.Add($"-p:TorchBackend={backend}");
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();

            Assert.True(process.ExitCode == 0, output + process.StandardError.ReadToEnd());
            Assert.Contains($"\"Identity\": \"{package}\"", output);
            if (package != "TorchSharp-cpu") Assert.DoesNotContain("\"Identity\": \"TorchSharp-cpu\"", output);
        }
    }
}
