using Toolchain.Evaluation.Downstream;

namespace Toolchain.Evaluation.Tests.Downstream;

public class MinimumDetectableEffectTests
{
    [Theory]
    [InlineData(200, 0.1401)] // 2.8016 x sqrt(0.5 / 200)
    [InlineData(50, 0.2802)]
    [InlineData(10, 0.6265)]
    public void Shrinks_with_the_square_root_of_the_images(int images, double expected) =>
        Assert.Equal(expected, MinimumDetectableEffect.ForAccuracy(images)!.Value, 4);

    [Fact]
    public void Is_capped_at_one_and_undefined_without_images()
    {
        Assert.Equal(1, MinimumDetectableEffect.ForAccuracy(1));
        Assert.Null(MinimumDetectableEffect.ForAccuracy(0));
    }
}
