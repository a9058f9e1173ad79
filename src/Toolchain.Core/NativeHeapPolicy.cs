using System.Runtime.InteropServices;

namespace Toolchain.Core;

/// <summary>
/// Keeps freed native memory in the process heap instead of returning it to the OS. libtorch allocates and
/// frees tensors of a few hundred KB to tens of MB on every layer call; glibc's defaults serve those with
/// fresh mmap calls (or trim the heap after them), so every call pays page faults to zero new pages. On this
/// toolchain's UNet that made a sampling forward pass ~3x and a training step ~2.5x slower (measured with
/// <c>toolchain bench</c> at batch 64: forward 1347 vs 273 ms, training step 2475 vs 1010 ms; system time 21 vs 4.5 s). The cost is a higher,
/// flat resident size: the heap keeps its peak. Results do not change.
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

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
