using Toolchain.Core;
using Toolchain.Diffusion.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Training;

/// <summary>The oneDNN convolution that reads stale memory, and the switch that avoids it.</summary>
public class CpuKernelsTests
{
    // Frees NaN-filled blocks, so the next allocations reuse memory full of NaN bit patterns.
    private static void LeaveNaNsInFreedMemory()
    {
        using var scope = NewDisposeScope();
        for (int i = 0; i < 50; i++)
        {
            randn([1000, 100]).fill_(float.NaN);
        }
    }

    [Fact]
    public void WithOneDnnOffAConvolutionIgnoresStaleMemory()
    {
        CpuKernels.UseAtenKernels();
        Assert.False(CpuKernels.OneDnn);
        Assert.False(CpuKernels.Nnpack);
        using var scope = NewDisposeScope();
        // The shape of the tiny UNet's up-block resnet that produced NaN with oneDNN (24 -> 16 channels at 16x16).
        var x = randn([32, 24, 16, 16], generator: new Generator(1));
        var w = randn([16, 24, 3, 3], generator: new Generator(2));
        var b = randn([16], generator: new Generator(3));
        var clean = nn.functional.conv2d(x, w, b, padding: [1, 1]);
        for (int trial = 0; trial < 5; trial++)
        {
            LeaveNaNsInFreedMemory();
            var y = nn.functional.conv2d(x, w, b, padding: [1, 1]);
            Assert.True(y.isfinite().all().item<bool>());
            Assert.Equal(0f, (y - clean).abs().max().item<float>());
        }
    }
}
