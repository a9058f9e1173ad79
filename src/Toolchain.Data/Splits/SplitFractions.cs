using System.Globalization;
using Toolchain.Core;
using Toolchain.Data.Canonical;

namespace Toolchain.Data.Splits;

/// <summary>Share of records (by count) for each split; non-negative, summing to 1, train above 0.</summary>
public sealed record SplitFractions
{
    public SplitFractions(double train, double val, double test, double judge)
    {
        double[] all = [train, val, test, judge];
        if (all.Any(f => !double.IsFinite(f) || f < 0) || train <= 0 || Math.Abs(all.Sum() - 1) > 1e-6)
        {
            throw new ToolchainError(string.Create(CultureInfo.InvariantCulture,
                $"split fractions train={train}, val={val}, test={test}, judge={judge} must be non-negative, sum to 1, with train > 0"), 2);
        }
        Train = train;
        Val = val;
        Test = test;
        Judge = judge;
    }

    public static readonly SplitFractions Default = new(0.7, 0.1, 0.1, 0.1);

    public double Train { get; }
    public double Val { get; }
    public double Test { get; }
    public double Judge { get; }

    public double Of(string split) => split switch
    {
        SplitNames.Train => Train,
        SplitNames.Val => Val,
        SplitNames.Test => Test,
        SplitNames.Judge => Judge,
        _ => throw new ArgumentException($"unknown split '{split}'", nameof(split)),
    };
}

/// <summary>How a dataset is split: fractions, seed, and whether a format's own split is kept.</summary>
public sealed record SplitSettings
{
    public static readonly SplitSettings Default = new();

    public SplitFractions Fractions { get; init; } = SplitFractions.Default;
    public ulong Seed { get; init; }

    /// <summary>
    /// Keep the source's official split when every record has one (DermaMNIST, a split column). Its test part is
    /// then divided into test and judge in the ratio of those two fractions, so judge stays disjoint from training.
    /// </summary>
    public bool KeepOfficialSplit { get; init; } = true;
}
