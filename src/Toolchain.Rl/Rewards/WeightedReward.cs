namespace Toolchain.Rl.Rewards;

/// <summary>One named term of a reward mix, as the pipeline names it (e.g. "attributes" with weight 1).</summary>
public sealed record WeightedReward(string Name, float Weight, IRewardFunction Reward);
