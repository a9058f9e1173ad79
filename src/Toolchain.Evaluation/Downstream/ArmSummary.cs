namespace Toolchain.Evaluation.Downstream;

/// <summary>One arm's overall test metrics over its seeds.</summary>
public sealed record ArmSummary(string Arm, int TrainingImages, Spread Accuracy, Spread BalancedAccuracy, Spread? MacroAuroc);
