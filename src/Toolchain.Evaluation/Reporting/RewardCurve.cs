namespace Toolchain.Evaluation.Reporting;

/// <summary>Refine's reward per epoch (mean and sd over the epoch's samples), with the phase of each epoch.</summary>
public sealed record RewardCurve(IReadOnlyList<double> Epochs, IReadOnlyList<double> Mean, IReadOnlyList<double> StandardDeviation, IReadOnlyList<string> Phases);
