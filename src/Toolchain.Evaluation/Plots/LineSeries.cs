namespace Toolchain.Evaluation.Plots;

/// <summary>
/// One curve of a line chart, e.g. the reward mean per epoch of one RL phase.
/// <paramref name="Spread"/>, when given, is drawn as a shaded band of Y +- Spread (e.g. the reward standard deviation).
/// </summary>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? Spread = null)
{
    internal void Validate()
    {
        if (X.Count != Y.Count)
        {
            throw new ArgumentException($"series '{Name}' has {X.Count} x values but {Y.Count} y values");
        }
        if (Spread is not null && Spread.Count != Y.Count)
        {
            throw new ArgumentException($"series '{Name}' has {Y.Count} y values but {Spread.Count} spread values");
        }
        if (X.Count == 0)
        {
            throw new ArgumentException($"series '{Name}' has no points");
        }
    }
}
