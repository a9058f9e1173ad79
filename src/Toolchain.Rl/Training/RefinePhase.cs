using Toolchain.Rl.Rewards;

namespace Toolchain.Rl.Training;

/// <summary>One stage of a multi-phase schedule: a reward mix trained for up to <see cref="Epochs"/> epochs.</summary>
public sealed record RefinePhase(string Name, CompositeReward Reward, int Epochs);
