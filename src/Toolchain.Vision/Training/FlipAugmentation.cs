using static TorchSharp.torch;

namespace Toolchain.Vision.Training;

/// <summary>
/// Independent random horizontal and vertical flips per image, drawn from an explicit generator.
/// Dermoscopy has no canonical orientation, so both flips keep every label valid.
/// </summary>
public static class FlipAugmentation
{
    public static Tensor Apply(Tensor batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        long n = batch.shape[0];
        var coins = rand(new long[] { 2, n }, generator: generator).lt(0.5).view(2, n, 1, 1, 1);
        var flippedH = where(coins[0], batch.flip(3), batch);
        return where(coins[1], flippedH.flip(2), flippedH).MoveToOuterDisposeScope();
    }
}
