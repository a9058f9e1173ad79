using System.Globalization;

namespace Toolchain.Stages.Running;

/// <summary>
/// The process's peak resident memory, resettable per stage. Stages run one after another in one process, so
/// the peak is reset before each stage (Linux: writing 5 to /proc/self/clear_refs resets VmHWM) and read after
/// it. Native (libtorch) allocations count, which the .NET GC's figures would miss; so does what earlier stages
/// freed and the heap kept (<see cref="Core.NativeHeapPolicy"/>): returning it with malloc_trim before each stage
/// slowed the demo's refine epochs (21-23 s against 12-16 s, measured 2026-11-29), so a stage's peak is at least
/// what the heap held when the stage started.
/// </summary>
internal static class PeakMemory
{
    private const string StatusFile = "/proc/self/status";

    /// <summary>Starts a new peak from the current resident size; false where the OS does not support it.</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident bytes since the last reset (or process start), or null when unknown.</summary>
    public static long? Read()
    {
        if (!File.Exists(StatusFile))
        {
            return null;
        }
        foreach (var line in File.ReadLines(StatusFile))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var parts = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return null;
    }

    /// <summary>"peak 412 MB" or "peak memory unknown".</summary>
    public static string Describe(bool wasReset) => Read() is { } bytes
        ? string.Create(CultureInfo.InvariantCulture, $"peak {bytes / (1024.0 * 1024.0):F0} MB{(wasReset ? "" : " (process)")}")
        : "peak memory unknown";
}
