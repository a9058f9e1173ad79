using TorchSharp;

namespace Toolchain.Diffusion.Runtime;

/// <summary>What the loaded libtorch says: the CPU always runs; CUDA only with a CUDA build of TorchSharp and a visible GPU.</summary>
public sealed class LibTorchDevices : IDeviceAvailability
{
    public static readonly LibTorchDevices Instance = new();

    private LibTorchDevices()
    {
    }

    /// <summary>The TorchSharp package this build references (MSBuild property TorchBackend).</summary>
    public static string Backend =>
        typeof(LibTorchDevices).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TorchSharpPackage")?.Value ?? "unknown";

    public bool IsAvailable(DeviceType type) => type switch
    {
        DeviceType.CPU => true,
        DeviceType.CUDA => torch.cuda.is_available(),
        _ => false,
    };

    public string Explain(DeviceType type) => type == DeviceType.CUDA
        ? $"this build uses {Backend} (libtorch {torch.__version__}) and libtorch sees no CUDA device"
          + (Backend.Contains("cuda", StringComparison.OrdinalIgnoreCase) ? "" : "; a CUDA build needs -p:TorchBackend=cuda")
        : $"libtorch {torch.__version__} cannot run on {type}";
}
