using System.Runtime.Intrinsics.X86;
using Toolchain.Cli.Tests.Reliability;
using Toolchain.Core;

namespace Toolchain.Cli.Tests.Commands;

/// <summary>The CPU code paths every cache key records, seen from a fresh process (they are fixed when libtorch loads).</summary>
public sealed class EnvironmentCommandTests
{
    [Fact]
    public void TheCpuCodePathsArePinnedBeforeLibtorchLoads()
    {
        var printed = Env(new() { [CpuCodePath.AtenVariable] = null, [CpuCodePath.MklVariable] = null });

        bool avx2 = Avx2.IsSupported && Fma.IsSupported;
        // Read back from libtorch: the pin reached the C environment before ATen chose its kernels.
        Assert.Contains(avx2 ? "aten_cpu_capability: AVX2\n" : "aten_cpu_capability: DEFAULT\n", printed);
        Assert.Contains(avx2 ? "mkl_cbwr: AVX2,STRICT\n" : "mkl_cbwr: COMPATIBLE\n", printed);
    }

    [Fact]
    public void CodePathsTheUserChoseAreKeptAndRecorded()
    {
        var printed = Env(new() { [CpuCodePath.AtenVariable] = "default", [CpuCodePath.MklVariable] = "COMPATIBLE" });

        Assert.Contains("aten_cpu_capability: DEFAULT\n", printed);
        Assert.Contains("mkl_cbwr: COMPATIBLE\n", printed);
    }

    private static string Env(Dictionary<string, string?> environment)
    {
        using var process = new CliProcess(AppContext.BaseDirectory, environment, "env");
        var (code, stdout, stderr) = process.Wait(TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"toolchain env exited {code}: {stderr}");
        return stdout;
    }
}
