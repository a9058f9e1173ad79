namespace Toolchain.Vision.Metrics;

/// <summary>Metrics of a K-class classifier given predicted and true class indices (and probabilities for AUROC).</summary>
public static class MulticlassMetrics
{
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        Check(predicted, truth);
        return (double)predicted.Zip(truth).Count(p => p.First == p.Second) / truth.Count;
    }

    /// <summary>Mean per-class recall over the classes present in <paramref name="truth"/> (as scikit-learn defines it).</summary>
    public static double BalancedAccuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> truth, int classes)
    {
        Check(predicted, truth);
        var total = new int[classes];
        var hit = new int[classes];
        for (int i = 0; i < truth.Count; i++)
        {
            if (truth[i] < 0 || truth[i] >= classes)
            {
                throw new ArgumentException($"true class {truth[i]} outside 0..{classes - 1}");
            }
            total[truth[i]]++;
            if (predicted[i] == truth[i])
            {
                hit[truth[i]]++;
            }
        }
        var recalls = Enumerable.Range(0, classes).Where(c => total[c] > 0).Select(c => (double)hit[c] / total[c]).ToArray();
        return recalls.Average();
    }

    /// <summary>Index of the most probable class (the first on ties).</summary>
    public static int ArgMax(IReadOnlyList<float> probabilities)
    {
        int best = 0;
        for (int c = 1; c < probabilities.Count; c++)
        {
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }
        return best;
    }

    /// <summary>One-vs-rest AUROC per class (null for a class absent from, or the only class in, <paramref name="truth"/>).</summary>
    public static double?[] OneVsRestAuroc(IReadOnlyList<float[]> probabilities, IReadOnlyList<int> truth, int classes)
    {
        if (probabilities.Count != truth.Count)
        {
            throw new ArgumentException($"{probabilities.Count} probability rows for {truth.Count} labels");
        }
        if (probabilities.Any(p => p.Length != classes))
        {
            throw new ArgumentException($"every probability row must have {classes} entries");
        }
        var result = new double?[classes];
        for (int c = 0; c < classes; c++)
        {
            var scores = probabilities.Select(p => (double)p[c]).ToArray();
            var positive = truth.Select(t => t == c).ToArray();
            result[c] = Auroc.Compute(scores, positive);
        }
        return result;
    }

    /// <summary>Unweighted mean of the defined per-class AUROCs (null when none is defined).</summary>
    public static double? MacroAuroc(IReadOnlyList<double?> perClass)
    {
        var defined = perClass.Where(a => a.HasValue).Select(a => a!.Value).ToArray();
        return defined.Length == 0 ? null : defined.Average();
    }

    private static void Check(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        if (predicted.Count != truth.Count)
        {
            throw new ArgumentException($"{predicted.Count} predictions for {truth.Count} labels");
        }
        if (truth.Count == 0)
        {
            throw new ArgumentException("no examples to score");
        }
    }
}
