namespace Toolchain.Rl.Training;

/// <summary>How rewards become advantages.</summary>
public enum AdvantageEstimator
{
    /// <summary>DDPO's per-prompt ring buffers (<see cref="Advantages.PerPromptStatTracker"/>).</summary>
    PerPromptTracker,

    /// <summary>GRPO groups: G samples per prompt per epoch, (r - group mean) / batch std.</summary>
    GroupRelative,
}
