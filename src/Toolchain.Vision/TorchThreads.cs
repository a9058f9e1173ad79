using static TorchSharp.torch;

namespace Toolchain.Vision;

/// <summary>
/// Thread settings for libtorch on a shared CPU. libtorch's OpenMP workers spin while waiting by default;
/// when the cores are oversubscribed (other processes busy) a 2-thread training step then runs up to
/// 20x slower than with 1 thread (measured here: 2 min vs 5 s for the same test). A passive wait policy
/// removes that without changing any result. OpenMP reads the policy once, when libtorch loads, so
/// <see cref="Configure"/> must run before the first torch call of the process.
/// </summary>
public static class TorchThreads
{
    /// <summary>
    /// Sets OMP_WAIT_POLICY=PASSIVE (unless the caller's environment already chose one), pins the intra-op thread
    /// count and leaves ATen's own CPU kernels (see <see cref="Core.CpuKernels"/>), as the pipeline runs.
    /// </summary>
    public static void Configure(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Core.OpenMpWaitPolicy.PreferPassive();
        Core.NativeHeapPolicy.KeepFreedMemory();
        set_num_threads(threads);
        Core.CpuKernels.UseAtenKernels();
    }
}
