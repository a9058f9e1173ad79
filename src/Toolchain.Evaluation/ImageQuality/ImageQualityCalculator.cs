using Toolchain.Evaluation.Metrics;
using Toolchain.Vision.Vlfm;

namespace Toolchain.Evaluation.ImageQuality;

/// <summary>
/// Computes the image metrics of each generated arm against the real reference, per slice, on the judge's
/// penultimate features. Distribution metrics (Frechet distance, KID, precision/recall) always compare equal
/// numbers of images per side: the larger side is subsampled with a seed derived from the slice (reference)
/// and the slice and arm (generated), so baseline and refined face the same reference images. When every image
/// carries Inception pool features, FID and KID are computed on them too, over the same subsampled images.
/// </summary>
public static class ImageQualityCalculator
{
    public const string RealArm = "real";

    /// <param name="reference">Real images the metrics compare against (the test split: the judge never trained on it).</param>
    /// <param name="realFloor">Other real images (e.g. the val split), compared with the reference as the "real" arm's floor.</param>
    /// <param name="training">Training images' features, for memorisation.</param>
    /// <param name="lpipsWithinPrompt">Mean pairwise LPIPS of an arm's images of one prompt (null when LPIPS weights were not supplied).</param>
    public static ImageQualityResult Compute(
        string featureSpace,
        IReadOnlyList<JudgedImage> reference,
        IReadOnlyList<JudgedImage> realFloor,
        IReadOnlyList<(string File, double[] Features)> training,
        IReadOnlyList<(string Arm, IReadOnlyList<JudgedImage> Images)> generated,
        IReadOnlyList<MetricSlice> slices,
        ImageQualitySettings settings,
        Func<string, string, double?>? lpipsWithinPrompt = null)
    {
        if (reference.Count == 0)
        {
            throw new ArgumentException("the real reference set is empty");
        }
        var arms = new List<ArmMetrics> { RealArmMetrics(featureSpace, reference, realFloor, slices, settings) };
        var nearest = new List<NearestTraining>();
        FeatureMatrix? trainingFeatures = training.Count == 0 ? null : new FeatureMatrix(featureSpace, training.Select(t => t.Features).ToArray());
        foreach (var (arm, images) in generated)
        {
            MemorisationSummary? memorisation = null;
            if (trainingFeatures is not null && images.Count > 0)
            {
                var matches = Memorisation.NearestTrainingImages(new FeatureMatrix(featureSpace, images.Select(i => i.Features).ToArray()), trainingFeatures);
                nearest.AddRange(matches.Select(m => new NearestTraining(images[m.GeneratedIndex].File, training[m.TrainingIndex].File, m.Distance)));
                memorisation = MemorisationSummary.Of(matches.Select(m => m.Distance).ToList());
            }
            SliceMetrics Of(MetricSlice slice) => GeneratedSlice(featureSpace, arm, images.Where(i => slice.Prompts.Contains(i.Prompt)).ToList(),
                slice.ReferenceIndices.Select(i => reference[i]).ToList(), slice, settings, lpipsWithinPrompt);
            arms.Add(new ArmMetrics(
                arm,
                Of(slices.Single(s => s.Kind == MetricSlice.OverallKind)),
                slices.Where(s => s.Kind == MetricSlice.PromptKind).Select(s => (s.Name, Of(s))).ToList(),
                slices.Where(s => s.Kind == MetricSlice.SubgroupKind).Select(s => (s.Name, Of(s))).ToList(),
                memorisation));
        }
        return new ImageQualityResult(featureSpace, arms, nearest);
    }

    private static ArmMetrics RealArmMetrics(string featureSpace, IReadOnlyList<JudgedImage> reference, IReadOnlyList<JudgedImage> floor, IReadOnlyList<MetricSlice> slices, ImageQualitySettings settings)
    {
        SliceMetrics Of(MetricSlice slice)
        {
            var images = slice.ReferenceIndices.Select(i => reference[i]).ToList();
            var distribution = slice.Kind == MetricSlice.OverallKind && floor.Count > 0
                ? Distribution(featureSpace, floor, images, Seed(settings, "real-floor"), Seed(settings, slice.Kind + "/" + slice.Name), settings)
                : null;
            return Judged(images, images.Count, distribution, null);
        }
        return new ArmMetrics(
            RealArm,
            Of(slices.Single(s => s.Kind == MetricSlice.OverallKind)),
            slices.Where(s => s.Kind == MetricSlice.PromptKind).Select(s => (s.Name, Of(s))).ToList(),
            slices.Where(s => s.Kind == MetricSlice.SubgroupKind).Select(s => (s.Name, Of(s))).ToList(),
            null);
    }

    private static SliceMetrics GeneratedSlice(string featureSpace, string arm, List<JudgedImage> images, List<JudgedImage> reference, MetricSlice slice,
        ImageQualitySettings settings, Func<string, string, double?>? lpipsWithinPrompt)
    {
        var distribution = images.Count == 0 || reference.Count == 0
            ? null
            : Distribution(featureSpace, images, reference, Seed(settings, arm + "/" + slice.Kind + "/" + slice.Name), Seed(settings, slice.Kind + "/" + slice.Name), settings);
        double? lpips = null;
        if (lpipsWithinPrompt is not null)
        {
            var perPrompt = images.Select(i => i.Prompt).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(p => lpipsWithinPrompt(arm, p)).OfType<double>().ToList();
            lpips = perPrompt.Count == 0 ? null : perPrompt.Average();
        }
        return Judged(images, reference.Count, distribution, lpips);
    }

    private sealed record DistributionMetrics(int Compared, double? Frechet, double? Kid, double? KidSd, double? Precision, double? Recall,
        double? Fid, double? KidInception, double? KidInceptionSd);

    private static SliceMetrics Judged(List<JudgedImage> images, int referenceImages, DistributionMetrics? distribution, double? lpipsDiversity)
    {
        bool any = images.Count > 0;
        var cosines = images.Where(i => i.ClipCosine.HasValue).Select(i => (float)i.ClipCosine!.Value).ToList();
        return new SliceMetrics(
            images.Count,
            referenceImages,
            distribution?.Compared ?? 0,
            any ? images.Count(i => i.ArtifactsMatch) / (double)images.Count : null,
            any ? images.Count(i => i.DiagnosisMatches) / (double)images.Count : null,
            any && cosines.Count == images.Count ? ClipScore.FromCosines(cosines) : null,
            distribution?.Frechet,
            distribution?.Kid,
            distribution?.KidSd,
            distribution?.Precision,
            distribution?.Recall,
            WithinPromptDiversity(images),
            distribution?.Fid,
            distribution?.KidInception,
            distribution?.KidInceptionSd,
            lpipsDiversity);
    }

    /// <summary>Mean over prompts (with at least two images) of the mean pairwise feature distance within the prompt.</summary>
    private static double? WithinPromptDiversity(List<JudgedImage> images)
    {
        var perPrompt = images.GroupBy(i => i.Prompt, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Diversity.MeanPairwiseDistance(new FeatureMatrix("diversity", g.Select(i => i.Features).ToArray())))
            .ToList();
        return perPrompt.Count == 0 ? null : perPrompt.Average();
    }

    private static DistributionMetrics Distribution(string featureSpace, IReadOnlyList<JudgedImage> a, IReadOnlyList<JudgedImage> b, ulong seedA, ulong seedB, ImageQualitySettings settings)
    {
        int n = Math.Min(a.Count, b.Count);
        var pickA = Subsample(a.Count, n, seedA);
        var pickB = Subsample(b.Count, n, seedB);
        var x = new FeatureMatrix(featureSpace, pickA.Select(i => a[i].Features).ToArray());
        var y = new FeatureMatrix(featureSpace, pickB.Select(i => b[i].Features).ToArray());
        double? frechet = n >= 2 ? FrechetDistance.Compute(y, x) : null;
        KernelDistance.Result? kid = n >= 2 ? KernelDistance.Compute(y, x, settings.KidSubsetSize, settings.KidSubsets, seedA ^ seedB) : null;
        PrecisionRecall.Result? pr = n > settings.PrK ? PrecisionRecall.Compute(y, x, settings.PrK) : null;

        double? fid = null;
        KernelDistance.Result? kidInception = null;
        if (n >= 2 && pickA.All(i => a[i].InceptionFeatures is not null) && pickB.All(i => b[i].InceptionFeatures is not null))
        {
            var xi = new FeatureMatrix("inception", pickA.Select(i => a[i].InceptionFeatures!).ToArray());
            var yi = new FeatureMatrix("inception", pickB.Select(i => b[i].InceptionFeatures!).ToArray());
            fid = FrechetDistance.Compute(yi, xi);
            kidInception = KernelDistance.Compute(yi, xi, settings.KidSubsetSize, settings.KidSubsets, seedA ^ seedB);
        }
        return new DistributionMetrics(n, frechet, kid?.Mean, kid?.StandardDeviation, pr?.Precision, pr?.Recall, fid, kidInception?.Mean, kidInception?.StandardDeviation);
    }

    /// <summary>Indices of <paramref name="n"/> of <paramref name="count"/> images, in order, drawn with <paramref name="seed"/> (all when n = count).</summary>
    private static int[] Subsample(int count, int n, ulong seed) =>
        count == n ? Enumerable.Range(0, count).ToArray() : new Toolchain.Core.DeterministicRandom(seed).Permutation(count).Take(n).Order().ToArray();

    /// <summary>A seed per purpose: the settings' seed mixed with an FNV-1a hash of the purpose text (stable across runs and platforms).</summary>
    private static ulong Seed(ImageQualitySettings settings, string purpose)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in purpose)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }
        return settings.Seed ^ hash;
    }
}
