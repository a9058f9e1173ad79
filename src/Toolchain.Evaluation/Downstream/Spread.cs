namespace Toolchain.Evaluation.Downstream;

/// <summary>Mean and sample standard deviation of one metric over seeds (no sd from a single run).</summary>
public sealed record Spread(double Mean, double? StandardDeviation, int Runs)
{
    public static Spread Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("no values to summarise");
        }
        double mean = values.Average();
        double? sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : null;
        return new Spread(mean, sd, values.Count);
    }

    /// <summary>The spread of the defined values, or null when none is defined (e.g. AUROC with one class present).</summary>
    public static Spread? OfDefined(IEnumerable<double?> values)
    {
        var defined = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return defined.Count == 0 ? null : Of(defined);
    }
}
