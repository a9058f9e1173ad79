namespace Toolchain.Rl.Advantages;

/// <summary>Mean and population standard deviation (numpy's default, ddof = 0), accumulated in double.</summary>
public static class Statistics
{
    public static (double Mean, double Std) MeanStd(IReadOnlyList<float> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        double mean = sum / values.Count;
        double squares = 0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }
        return (mean, Math.Sqrt(squares / values.Count));
    }
}
