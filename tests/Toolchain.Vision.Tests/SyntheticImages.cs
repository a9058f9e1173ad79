using static TorchSharp.torch;

namespace Toolchain.Vision.Tests;

/// <summary>Separable toy images made in the tests: dim noise with bright squares in chosen corners.</summary>
internal static class SyntheticImages
{
    /// <summary>
    /// (N, 3, size, size) images; label k (k = 0..3) is 1 when corner k (TL, TR, BL, BR) holds a bright square.
    /// Each corner is lit independently with probability one half.
    /// </summary>
    public static (Tensor Images, float[][] Labels) Corners(int count, int size, ulong seed)
    {
        using var generator = new Generator(seed);
        using var scope = NewDisposeScope();
        var images = rand(new long[] { count, 3, size, size }, generator: generator).mul(0.6).sub(0.8);
        var lit = rand(new long[] { count, 4 }, generator: generator).lt(0.5);
        var flags = lit.to_type(ScalarType.Float32).data<float>().ToArray();
        int side = size / 4;
        var labels = new float[count][];
        for (int i = 0; i < count; i++)
        {
            labels[i] = flags.AsSpan(i * 4, 4).ToArray();
            for (int k = 0; k < 4; k++)
            {
                if (labels[i][k] == 1f)
                {
                    long top = k < 2 ? 1 : size - 1 - side;
                    long left = k % 2 == 0 ? 1 : size - 1 - side;
                    images[i, .., TensorIndex.Slice(top, top + side), TensorIndex.Slice(left, left + side)] = 0.9f;
                }
            }
        }
        return (images.MoveToOuterDisposeScope(), labels);
    }
}
