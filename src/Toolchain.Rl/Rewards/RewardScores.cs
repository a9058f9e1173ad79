namespace Toolchain.Rl.Rewards;

/// <summary>The weighted total per image and each named term's raw score per image.</summary>
public sealed record RewardScores(float[] Total, IReadOnlyDictionary<string, float[]> Components);
