using static TorchSharp.torch;

namespace Toolchain.Stages.Evaluate;

/// <summary>An (N, D) feature tensor as one double[] per image: the form the image metrics take.</summary>
internal static class FeatureRows
{
    public static double[][] Of(Tensor features)
    {
        using var scope = NewDisposeScope();
        var values = features.to_type(ScalarType.Float64).contiguous();
        var flat = values.cpu().data<double>().ToArray();
        int n = (int)values.shape[0], d = (int)values.shape[1];
        return Enumerable.Range(0, n).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();
    }
}
