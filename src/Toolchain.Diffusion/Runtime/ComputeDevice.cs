using Toolchain.Core;
using TorchSharp;

namespace Toolchain.Diffusion.Runtime;

/// <summary>
/// The device every model, tensor and random generator of a run lives on (the spec's <c>runtime.device</c>).
/// <see cref="Select"/> refuses a device this build or host cannot run before any work starts, then makes it
/// libtorch's default, so tensor factories and module parameters are created there; generators come from
/// <see cref="Generator"/> because libtorch keeps a generator on the device it was made for.
/// </summary>
public static class ComputeDevice
{
    /// <summary>The device the process selected last (cpu until <see cref="Select"/> runs).</summary>
    public static torch.Device Current => torch.get_default_device();

    /// <summary>Refuses an unavailable device (exit 2), else selects it and returns the name that ran ("cpu", "cuda:0").</summary>
    public static string Select(string requested, IDeviceAvailability? availability = null)
    {
        availability ??= LibTorchDevices.Instance;
        var device = Parse(requested);
        if (!availability.IsAvailable(device.type))
        {
            throw new ToolchainError(
                $"runtime.device: {requested} is not available here: {availability.Explain(device.type)}. "
                + "Set runtime.device: cpu in the spec, or run on a host and build that have the device "
                + "(README: 'A GPU build').", exitCode: 2);
        }
        torch.set_default_device(device);
        return Name(device);
    }

    /// <summary>A generator seeded with <paramref name="seed"/> on the selected device.</summary>
    public static torch.Generator Generator(ulong seed) => new(seed, Current);

    /// <summary>"cpu", or "cuda:&lt;index&gt;": the index libtorch runs on when the spec says plain "cuda".</summary>
    public static string Name(torch.Device device) =>
        device.type == DeviceType.CPU ? "cpu" : $"{device.type.ToString().ToLowerInvariant()}:{Math.Max(device.index, 0)}";

    private static torch.Device Parse(string requested) => requested switch
    {
        "cpu" => torch.CPU,
        "cuda" => new torch.Device(DeviceType.CUDA, 0),
        _ => throw new ToolchainError($"runtime.device: '{requested}' is not a device this toolchain knows (cpu, cuda)", exitCode: 2),
    };
}
