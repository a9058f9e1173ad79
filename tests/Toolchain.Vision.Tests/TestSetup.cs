using System.Runtime.CompilerServices;

// Torch tests share two cores and one native thread pool; running them one at a time keeps timings and memory figures honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Toolchain.Vision.Tests;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void PinThreads()
    {
        // Before libtorch loads: passive OpenMP waiting, pinned threads, ATen kernels, as the pipeline runs.
        Toolchain.Diffusion.Runtime.EngineEnvironment.Configure(2);
    }
}
