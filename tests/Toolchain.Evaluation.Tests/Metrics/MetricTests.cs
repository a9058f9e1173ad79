using Toolchain.Core;
using Toolchain.Evaluation.Metrics;

namespace Toolchain.Evaluation.Tests.Metrics;

public class MetricTests
{
    private static FeatureMatrix Gaussian(int n, int dim, double mean, double sd, ulong seed, string space = "test")
    {
        var rng = new DeterministicRandom(seed);
        var rows = new double[n][];
        for (int i = 0; i < n; i++)
        {
            rows[i] = new double[dim];
            for (int d = 0; d < dim; d++)
            {
                // Box-Muller from two uniforms in (0, 1].
                double u1 = (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53)) + 1e-300;
                double u2 = (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53));
                rows[i][d] = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }
        }
        return new FeatureMatrix(space, rows);
    }

    [Fact]
    public void FrechetDistanceIsZeroForIdenticalSetsAndMatchesClosedFormForShift()
    {
        var a = Gaussian(400, 8, 0, 1, 1);
        Assert.Equal(0, FrechetDistance.Compute(a, a), 6);

        // Shifting every feature by c moves only the mean term: d * c^2.
        var shifted = new FeatureMatrix("test", a.Rows.Select(r => r.Select(v => v + 0.5).ToArray()).ToArray());
        Assert.Equal(8 * 0.25, FrechetDistance.Compute(a, shifted), 6);

        // Scaling by s: Tr(S + s^2 S - 2 s S) = (1 - s)^2 Tr(S).
        var scaled = new FeatureMatrix("test", a.Rows.Select(r => r.Select(v => 2 * v).ToArray()).ToArray());
        double traceS = 0;
        var mean = Enumerable.Range(0, 8).Select(d => a.Rows.Average(r => r[d])).ToArray();
        for (int d = 0; d < 8; d++)
        {
            traceS += a.Rows.Sum(r => (r[d] - mean[d]) * (r[d] - mean[d])) / (a.Count - 1);
        }
        double meanShift = mean.Sum(m => m * m); // the mean doubles too: ||2m - m||^2
        Assert.Equal(traceS + meanShift, FrechetDistance.Compute(a, scaled), 5);
    }

    [Fact]
    public void FrechetDistanceInImageSpaceEqualsTheFeatureSpaceFormWithFewerImagesThanDimensions()
    {
        // 20 and 30 images of 64-d features: both covariances are rank-deficient, as Inception's are at small N.
        var a = Gaussian(20, 64, 0, 1, 3);
        var b = Gaussian(30, 64, 0.3, 1.5, 4);
        double featureSpace = FrechetDistance.InFeatureSpace(a, b);
        Assert.Equal(featureSpace, FrechetDistance.InImageSpace(a, b), 5); // the eigendecompositions of rank-deficient matrices lose ~1e-8 relative
        Assert.Equal(featureSpace, FrechetDistance.Compute(a, b), 5);
        Assert.Equal(0, FrechetDistance.InImageSpace(a, a), 8);
    }

    [Fact]
    public void FrechetDistanceRefusesDifferentFeatureSpaces()
    {
        var a = Gaussian(10, 4, 0, 1, 1, "judge");
        var b = Gaussian(10, 4, 0, 1, 2, "inception-v3");
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(a, b));
    }

    [Fact]
    public void KernelDistanceSeparatesDistributions()
    {
        var a = Gaussian(200, 6, 0, 1, 1);
        var b = Gaussian(200, 6, 0, 1, 2);
        var c = Gaussian(200, 6, 1.5, 1, 3);
        var same = KernelDistance.Compute(a, b, 100, 10, 42);
        var different = KernelDistance.Compute(a, c, 100, 10, 42);
        Assert.True(Math.Abs(same.Mean) < 0.05, $"same-distribution KID {same.Mean}");
        Assert.True(different.Mean > 10 * Math.Abs(same.Mean) && different.Mean > 0.1, $"{different.Mean} vs {same.Mean}");
        Assert.Equal(same, KernelDistance.Compute(a, b, 100, 10, 42));
    }

    [Fact]
    public void PrecisionAndRecallDetectMissingModesAndOutliers()
    {
        var real = Gaussian(100, 2, 0, 1, 1);
        var identical = PrecisionRecall.Compute(real, real, 3);
        Assert.Equal(1.0, identical.Precision);
        Assert.Equal(1.0, identical.Recall);

        var far = Gaussian(100, 2, 50, 1, 2);
        var disjoint = PrecisionRecall.Compute(real, far, 3);
        Assert.Equal(0.0, disjoint.Precision);
        Assert.Equal(0.0, disjoint.Recall);

        // Generated set covering only half of the real set: high precision, lower recall.
        var half = new FeatureMatrix("test", real.Rows.Where(r => r[0] > 0).ToArray());
        var partial = PrecisionRecall.Compute(real, half, 3);
        Assert.Equal(1.0, partial.Precision);
        Assert.InRange(partial.Recall, 0.4, 0.85);
    }

    [Fact]
    public void MemorisationFindsExactCopies()
    {
        var training = Gaussian(50, 4, 0, 1, 1);
        var generated = new FeatureMatrix("test", new[] { training.Rows[17], training.Rows[3].Select(v => v + 0.01).ToArray() });
        var matches = Memorisation.NearestTrainingImages(generated, training);
        Assert.Equal(17, matches[0].TrainingIndex);
        Assert.Equal(0, matches[0].Distance);
        Assert.Equal(3, matches[1].TrainingIndex);
        Assert.Equal(0.02, matches[1].Distance, 6);
    }

    [Fact]
    public void DiversityOfIdenticalImagesIsZero()
    {
        var same = new FeatureMatrix("test", Enumerable.Repeat(new[] { 1.0, 2.0 }, 5).ToArray());
        Assert.Equal(0, Diversity.MeanPairwiseDistance(same));
        var spread = new FeatureMatrix("test", new[] { new[] { 0.0, 0 }, new[] { 3.0, 4 } });
        Assert.Equal(5, Diversity.MeanPairwiseDistance(spread));
    }

    [Fact]
    public void PairedBootstrapGivesVerdicts()
    {
        var baseline = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? 1.0 : 0.0).ToArray();
        var better = baseline.Select((v, i) => i % 4 == 1 ? 1.0 : v).ToArray();
        var interval = PairedBootstrap.DifferenceOfMeans(baseline, better, 2000, 7);
        Assert.Equal(0.25, interval.Difference, 9);
        Assert.True(interval.Lower > 0.15 && interval.Upper < 0.35, $"{interval}");
        Assert.Equal(Verdict.Helped, VerdictRules.From(interval));
        Assert.Equal(Verdict.Hurt, VerdictRules.From(PairedBootstrap.DifferenceOfMeans(better, baseline, 2000, 7)));
        Assert.Equal(Verdict.NoDetectableEffect, VerdictRules.From(PairedBootstrap.DifferenceOfMeans(baseline, baseline, 2000, 7)));
    }
}
