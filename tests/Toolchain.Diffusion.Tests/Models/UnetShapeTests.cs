using Toolchain.Diffusion.Models.Unet;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Models;

public class UnetShapeTests
{
    [Theory]
    [InlineData(32, 32)]
    [InlineData(24, 40)]
    [InlineData(20, 12)] // not a multiple of 4: upsampling follows the skip sizes
    public void OutputMatchesInputShapeForNonSquareInputs(int height, int width)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(3);
        var unet = new UNet2DConditionModel(UNetPresets.TinyCpu, g);
        var sample = randn([2, 3, height, width], generator: g);
        var context = randn([2, 5, 64], generator: g);

        using var noGrad = no_grad();
        var output = unet.forward(sample, tensor(new long[] { 10, 900 }), context);

        Assert.Equal(new long[] { 2, 3, height, width }, output.shape);
        Assert.True(output.isfinite().all().item<bool>());
    }

    [Fact]
    public void ScalarTimestepIsBroadcastToTheBatch()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(4);
        var unet = new UNet2DConditionModel(UNetPresets.TinyCpu, g);
        var sample = randn([2, 3, 16, 16], generator: g);
        var context = randn([2, 5, 64], generator: g);

        using var noGrad = no_grad();
        var scalar = unet.forward(sample, tensor(500L), context);
        var vector = unet.forward(sample, tensor(new long[] { 500, 500 }), context);

        Assert.True(scalar.allclose(vector, rtol: 0, atol: 0));
    }
}
