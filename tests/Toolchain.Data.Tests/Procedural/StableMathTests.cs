using Toolchain.Data.Procedural;

namespace Toolchain.Data.Tests.Procedural;

public class StableMathTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    [InlineData(3.14159)]
    [InlineData(-4.9)]
    [InlineData(7.0)]
    [InlineData(100.25)]
    public void SinCos_agrees_with_the_platform_to_near_double_precision(double x)
    {
        (double sin, double cos) = StableMath.SinCos(x);
        Assert.Equal(Math.Sin(x), sin, 1e-13);
        Assert.Equal(Math.Cos(x), cos, 1e-13);
    }
}
