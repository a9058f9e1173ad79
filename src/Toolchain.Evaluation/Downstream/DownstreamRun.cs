namespace Toolchain.Evaluation.Downstream;

/// <summary>
/// One trained classifier (arm x seed) scored on the real test set. <see cref="Correct"/> holds, per test image,
/// whether its predicted diagnosis was right: the paired bootstrap resamples these. Subgroup accuracy is null for a
/// subgroup without test images.
/// </summary>
public sealed record DownstreamRun(
    string Arm,
    int Seed,
    double Accuracy,
    double BalancedAccuracy,
    double? MacroAuroc,
    IReadOnlyDictionary<string, double?> SubgroupAccuracy,
    IReadOnlyList<bool> Correct);
