using Toolchain.Core;
using Toolchain.Diffusion.Runtime;
using TorchSharp;

namespace Toolchain.Diffusion.Tests.Runtime;

/// <summary>runtime.device is obeyed: an unavailable device is refused before any work, the selected one holds new tensors and generators.</summary>
public class ComputeDeviceTests
{
    /// <summary>A host whose CUDA is missing, whatever this machine has.</summary>
    private sealed class HostWithoutCuda : IDeviceAvailability
    {
        public bool IsAvailable(DeviceType type) => type == DeviceType.CPU;

        public string Explain(DeviceType type) => "no GPU on this test host";
    }

    [Fact]
    public void AnUnavailableDeviceIsRefusedWithExitCode2AndNothingIsSelected()
    {
        var error = Assert.Throws<ToolchainError>(() => EngineEnvironment.Configure(2, "cuda", new HostWithoutCuda()));

        Assert.Equal(2, error.ExitCode);
        Assert.StartsWith("runtime.device: cuda is not available here: no GPU on this test host.", error.Message);
        Assert.Equal(DeviceType.CPU, torch.get_default_device().type);
    }

    [Fact]
    public void TheCpuIsSelectedAndRecordedAsTheDeviceThatRan()
    {
        var environment = EngineEnvironment.Configure(2, "cpu");

        Assert.Equal("cpu", environment.Device);
        using var created = torch.zeros(2);
        Assert.Equal(DeviceType.CPU, created.device_type);
        using var generator = ComputeDevice.Generator(3);
        Assert.Equal(DeviceType.CPU, generator.device.type);
    }

    [Fact]
    public void CudaRunsOnlyWhereLibtorchHasIt()
    {
        if (torch.cuda.is_available())
        {
            Assert.Equal("cuda:0", ComputeDevice.Select("cuda"));
            ComputeDevice.Select("cpu");
            return;
        }
        var error = Assert.Throws<ToolchainError>(() => ComputeDevice.Select("cuda"));
        Assert.Contains($"this build uses {LibTorchDevices.Backend} (libtorch {torch.__version__})", error.Message);
        Assert.Equal(DeviceType.CPU, torch.get_default_device().type);
    }
}
