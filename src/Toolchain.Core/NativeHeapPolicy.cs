using System.Runtime.InteropServices;

namespace Toolchain.Core;

/// <summary>
/// Keeps freed native memory in the process heap instead of returning it to the OS. libtorch allocates and
/// frees tensors of a few hundred KB to tens of MB on every layer call; glibc's defaults serve those with
/// fresh mmap calls (or trim the heap after them), so every call pays page faults to zero new pages. On this
/// toolchain's UNet that made a sampling forward pass ~3x and a training step ~2.5x slower (measured with
/// <c>toolchain bench</c> at batch 64: forward 1347 vs 273 ms, training step 2475 vs 1010 ms; system time 21 vs 4.5 s). The cost is a higher,
/// flat resident size: the heap keeps its peak until <see cref="ReturnFreedMemory"/>. Results do not change.
/// </summary>
public static class NativeHeapPolicy
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD in malloc.h
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in malloc.h

    /// <summary>Serves large allocations from the heap and never trims it (glibc only; a no-op elsewhere).</summary>
    /// <returns>True when glibc accepted both settings.</returns>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return MallOpt(MmapThreshold, int.MaxValue) == 1 & MallOpt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // musl and other C libraries without mallopt
        }
    }

    /// <summary>
    /// Returns the heap's free pages to the OS (glibc's <c>malloc_trim</c>). Called between stages, so that a stage's
    /// resident size and peak are its own, not the high-water mark an earlier stage left in the heap.
    /// </summary>
    /// <returns>True when glibc released memory; false when there was none to release or elsewhere than glibc.</returns>
    public static bool ReturnFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
