namespace Toolchain.Rl.Training;

/// <summary>Reward statistics of one prompt within one epoch's samples.</summary>
public sealed record PromptRewardStats(string Prompt, int Count, double Mean, double Std)
{
    /// <summary>One row per prompt of <paramref name="promptList"/> that was sampled, in the list's order.</summary>
    /// <param name="sampled">The prompt of each scored image.</param>
    /// <param name="rewards">The reward of each scored image.</param>
    public static IReadOnlyList<PromptRewardStats> Of(IReadOnlyList<string> promptList, IReadOnlyList<string> sampled, IReadOnlyList<float> rewards) =>
        promptList
            .Select(prompt => (prompt, values: rewards.Where((_, i) => sampled[i] == prompt).ToArray()))
            .Where(p => p.values.Length > 0)
            .Select(p =>
            {
                var (mean, std) = Advantages.Statistics.MeanStd(p.values);
                return new PromptRewardStats(p.prompt, p.values.Length, mean, std);
            })
            .ToArray();
}

/// <summary>Diagnostics of one completed epoch (one CSV row).</summary>
public sealed record EpochReport
{
    public required int Epoch { get; init; }

    public required string Phase { get; init; }

    public required int EpochInPhase { get; init; }

    /// <summary>Samples drawn for training so far, this epoch included (validation samples not counted).</summary>
    public required long SamplesSeen { get; init; }

    public required double RewardMean { get; init; }

    public required double RewardStd { get; init; }

    /// <summary>Mean raw score of each named term of the phase's reward mix.</summary>
    public required IReadOnlyDictionary<string, double> RewardComponents { get; init; }

    public required IReadOnlyList<PromptRewardStats> PerPrompt { get; init; }

    public required double Loss { get; init; }

    public required double ApproxKl { get; init; }

    public required double ClipFraction { get; init; }

    /// <summary>Mean KL to the reference model per trained timestep; null when the KL penalty is off.</summary>
    public required double? ReferenceKl { get; init; }

    /// <summary>Mean gradient norm before clipping, over this epoch's optimizer steps.</summary>
    public required double GradNorm { get; init; }

    public required int OptimizerSteps { get; init; }

    public required double? ValidationReward { get; init; }

    /// <summary>True when early stopping ended the phase after this epoch.</summary>
    public required bool StoppedEarly { get; init; }

    public required double Seconds { get; init; }
}
