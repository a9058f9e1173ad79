using static TorchSharp.torch;

namespace Toolchain.Evaluation.Metrics;

/// <summary>
/// Frechet distance between Gaussians fitted to two feature sets:
/// ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)).
/// It is FID only when the features are Inception-v3 pool features; the caller names the result by
/// <see cref="FeatureMatrix.FeatureSpace"/>.
/// </summary>
public static class FrechetDistance
{
    public static double Compute(FeatureMatrix real, FeatureMatrix generated)
    {
        real.RequireSameSpace(generated);
        if (real.Count < 2 || generated.Count < 2)
        {
            throw new ArgumentException("the Frechet distance needs at least two images on each side");
        }
        using var scope = NewDisposeScope();
        // With fewer images than dimensions (Inception's 2048-d features at a few hundred images), the D x D
        // eigendecompositions cost seconds each; the image-space form below gives the same value from an
        // N1 x N2 matrix.
        return Math.Max(real.Count, generated.Count) < real.Dimension ? InImageSpace(real, generated) : InFeatureSpace(real, generated);
    }

    /// <summary>The textbook form through D x D covariances.</summary>
    public static double InFeatureSpace(FeatureMatrix real, FeatureMatrix generated)
    {
        var (mu1, s1) = MeanAndCovariance(real);
        var (mu2, s2) = MeanAndCovariance(generated);
        double meanTerm = mu1.sub(mu2).square().sum().item<double>();
        // Tr sqrt(S1 S2) = Tr sqrt(sqrt(S1) S2 sqrt(S1)); the inner matrix is symmetric PSD, so a
        // symmetric eigendecomposition is stable even when S1 is rank-deficient (N < D).
        var root1 = SymmetricSqrt(s1);
        var inner = root1.matmul(s2).matmul(root1);
        inner = inner.add(inner.transpose(0, 1)).div(2);
        var eigenvalues = linalg.eigvalsh(inner).clamp_min(0);
        double traceRoot = eigenvalues.sqrt().sum().item<double>();
        double value = meanTerm + s1.trace().item<double>() + s2.trace().item<double>() - 2 * traceRoot;
        return Math.Max(value, 0);
    }

    /// <summary>
    /// With centred rows A1, A2: S_i = A_i^T A_i / (n_i - 1), and the non-zero eigenvalues of S1 S2 are those of
    /// M M^T for M = A1 A2^T / sqrt((n1 - 1)(n2 - 1)), so Tr sqrt(S1 S2) is the sum of M's singular values and
    /// Tr S_i = ||A_i||^2 / (n_i - 1).
    /// </summary>
    public static double InImageSpace(FeatureMatrix real, FeatureMatrix generated)
    {
        var x1 = ToTensor(real);
        var x2 = ToTensor(generated);
        var mu1 = x1.mean(new long[] { 0 });
        var mu2 = x2.mean(new long[] { 0 });
        var a1 = x1.sub(mu1);
        var a2 = x2.sub(mu2);
        double n1 = real.Count - 1, n2 = generated.Count - 1;
        double meanTerm = mu1.sub(mu2).square().sum().item<double>();
        double trace1 = a1.square().sum().item<double>() / n1;
        double trace2 = a2.square().sum().item<double>() / n2;
        var m = a1.matmul(a2.transpose(0, 1)).div(Math.Sqrt(n1 * n2));
        double traceRoot = linalg.svdvals(m).sum().item<double>();
        return Math.Max(meanTerm + trace1 + trace2 - 2 * traceRoot, 0);
    }

    internal static (Tensor Mean, Tensor Covariance) MeanAndCovariance(FeatureMatrix features)
    {
        var x = ToTensor(features);
        var mean = x.mean(new long[] { 0 });
        var centred = x.sub(mean);
        var covariance = centred.transpose(0, 1).matmul(centred).div(features.Count - 1);
        return (mean, covariance);
    }

    internal static Tensor ToTensor(FeatureMatrix features)
    {
        var flat = new double[features.Count * features.Dimension];
        for (int i = 0; i < features.Count; i++)
        {
            features.Rows[i].CopyTo(flat, i * features.Dimension);
        }
        return tensor(flat, new long[] { features.Count, features.Dimension }, ScalarType.Float64);
    }

    private static Tensor SymmetricSqrt(Tensor matrix)
    {
        var (values, vectors) = linalg.eigh(matrix);
        var roots = values.clamp_min(0).sqrt();
        return vectors.mul(roots.unsqueeze(0)).matmul(vectors.transpose(0, 1));
    }
}
