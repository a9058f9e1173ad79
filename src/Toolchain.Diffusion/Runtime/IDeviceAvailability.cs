using TorchSharp;

namespace Toolchain.Diffusion.Runtime;

/// <summary>Whether a device type can run here; tests substitute a host without one.</summary>
public interface IDeviceAvailability
{
    bool IsAvailable(DeviceType type);

    /// <summary>Why <paramref name="type"/> is not available, for the refusal message.</summary>
    string Explain(DeviceType type);
}
