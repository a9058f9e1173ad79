using Toolchain.Core;
using Toolchain.Diffusion.Runtime;

namespace Toolchain.Diffusion.Tests.Runtime;

/// <summary>What configuring the engine pins for every stage: threads, CPU kernels, heap policy, and what enters cache keys.</summary>
public class EngineEnvironmentTests
{
    [Fact]
    public void ConfigureLeavesAtenKernelsAndNamesThemInTheEnvironment()
    {
        CpuKernels.OneDnn = true;
        var environment = EngineEnvironment.Configure(2);
        Assert.False(CpuKernels.OneDnn);
        Assert.False(CpuKernels.Nnpack);
        Assert.Equal(2, TorchSharp.torch.get_num_threads());
        Assert.Contains(new KeyValuePair<string, string>("cpu_kernels", "aten"), environment.ToDictionary());
    }

    [Fact]
    public void TheCpuCodePathsLibtorchUsesEnterTheEnvironment()
    {
        var recorded = EngineEnvironment.Configure(2).ToDictionary().ToDictionary(kv => kv.Key, kv => kv.Value);
        // The test assembly pins them before its first torch call, as the CLI does (TestProcessSetup).
        Assert.Equal(Environment.GetEnvironmentVariable(CpuCodePath.MklVariable), recorded["mkl_cbwr"]);
        Assert.Equal(Environment.GetEnvironmentVariable(CpuCodePath.AtenVariable)!.ToUpperInvariant(), recorded["aten_cpu_capability"]);
    }

    [Fact]
    public void GlibcAcceptsTheHeapPolicy()
    {
        // The project's machines run glibc (Debian); elsewhere the policy is a documented no-op.
        Assert.Equal(OperatingSystem.IsLinux(), NativeHeapPolicy.KeepFreedMemory());
    }
}
