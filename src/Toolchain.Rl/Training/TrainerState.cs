namespace Toolchain.Rl.Training;

/// <summary>
/// Everything besides tensors that a resumed run needs to continue exactly where an uninterrupted
/// run would be after <see cref="EpochsCompleted"/> epochs. Generators are not saved: each epoch's
/// seed is derived from (<see cref="Seed"/>, epoch).
/// </summary>
public sealed record TrainerState
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public required ulong Seed { get; init; }

    public required IReadOnlyList<string> Prompts { get; init; }

    public required IReadOnlyList<string> Phases { get; init; }

    public required int EpochsCompleted { get; init; }

    public required long SamplesSeen { get; init; }

    public required int PhaseIndex { get; init; }

    public required int EpochInPhase { get; init; }

    public required double? PlateauBest { get; init; }

    public required int PlateauEpochsWithoutImprovement { get; init; }

    /// <summary>The per-prompt reward buffers, oldest first.</summary>
    public required IReadOnlyDictionary<string, float[]> TrackerBuffers { get; init; }

    /// <summary>Refuses a checkpoint made with another seed, prompt list or phase schedule than the trainer resuming it.</summary>
    public void CheckResumableBy(ulong seed, IReadOnlyList<string> prompts, IEnumerable<string> phases)
    {
        if (Seed != seed)
        {
            throw new RefineSettingsError("resume", $"the checkpoint was trained with seed {Seed}, not {seed}");
        }
        if (!Prompts.SequenceEqual(prompts, StringComparer.Ordinal))
        {
            throw new RefineSettingsError("resume", "the checkpoint was trained on a different prompt list");
        }
        if (!Phases.SequenceEqual(phases, StringComparer.Ordinal))
        {
            throw new RefineSettingsError("resume", $"the checkpoint's phases ({string.Join(", ", Phases)}) differ from the configured ones");
        }
    }
}
