namespace Toolchain.Rl.Training;

/// <summary>
/// Fixed prompts sampled with fixed noise (the same generator seed every epoch) and scored with the
/// current phase's reward, without training: the only thing that changes between epochs is the policy.
/// </summary>
public sealed record ValidationSet(IReadOnlyList<int> PromptIndices, ulong Seed);
