using System.Diagnostics;

namespace Toolchain.Diffusion.Benchmarks;

/// <summary>Resident set size after a full managed collection, so finalizer-held native tensors are released first.</summary>
public static class ResidentMemory
{
    public static long MeasureBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
