using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Schedulers;

/// <summary>The scheduler disposes the results of same-dtype conversions; they must not be the caller's tensor.</summary>
public class TensorAliasingTests
{
    [Fact]
    public void SameDtypeConversionIsASeparateHandle()
    {
        var t = tensor(new long[] { 5, 6 });
        var converted = t.to(ScalarType.Int64, CPU);
        Assert.False(ReferenceEquals(t, converted));
        converted.Dispose();
        Assert.Equal(5L, t[0].item<long>());
        var f = ones(2);
        var sameFloat = f.to(ScalarType.Float32);
        Assert.False(ReferenceEquals(f, sameFloat));
        sameFloat.Dispose();
        Assert.Equal(1f, f[0].item<float>());
    }
}
