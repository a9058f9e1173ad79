using TorchSharp;

namespace Toolchain.Diffusion.Runtime;

/// <summary>
/// The parts of the environment that change numbers: they enter every stage's cache key and the
/// release datasheet. Configuring pins the thread counts, since reduction order depends on them, and turns
/// oneDNN and NNPACK off (oneDNN's convolution reads stale memory on this libtorch build; see <see cref="Core.CpuKernels"/>).
/// The instruction-set code paths of ATen and MKL are pinned by <see cref="Core.CpuCodePath.Pin"/> before libtorch
/// loads; the environment records the ATen level libtorch really dispatches to and the MKL branch asked for,
/// and the device that runs (<see cref="ComputeDevice.Select"/> refuses one that is not available).
/// </summary>
public sealed record EngineEnvironment(string LibTorchVersion, string TorchSharpVersion, string Device, string DType, int Threads,
    string AtenCpuCapability, string MklBranch)
{
    private static readonly object Gate = new();
    private static int configuredThreads;

    public static EngineEnvironment Configure(int threads, string device = "cpu", IDeviceAvailability? availability = null)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), "thread count must be at least 1");
        }
        // First, so an unavailable device is refused before anything is configured or run.
        var selected = ComputeDevice.Select(device, availability);
        Core.OpenMpWaitPolicy.PreferPassive();
        Core.NativeHeapPolicy.KeepFreedMemory();
        lock (Gate)
        {
            if (configuredThreads != threads)
            {
                torch.set_num_threads(threads);
                if (configuredThreads == 0)
                {
                    // libtorch allows setting the inter-op pool size only once per process.
                    torch.set_num_interop_threads(1);
                }
                configuredThreads = threads;
            }
            Core.CpuKernels.UseAtenKernels();
        }
        return new EngineEnvironment(
            torch.__version__,
            typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
            selected,
            "float32",
            threads,
            Core.CpuCodePath.AtenCapability,
            Core.CpuCodePath.MklBranch);
    }

    public IReadOnlyList<KeyValuePair<string, string>> ToDictionary() =>
    [
        new("libtorch", LibTorchVersion),
        new("torchsharp", TorchSharpVersion),
        new("device", Device),
        new("dtype", DType),
        new("threads", Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("cpu_kernels", "aten"),
        new("aten_cpu_capability", AtenCpuCapability),
        new("mkl_cbwr", MklBranch),
    ];
}
