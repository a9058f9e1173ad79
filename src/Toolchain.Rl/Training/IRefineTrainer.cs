namespace Toolchain.Rl.Training;

/// <summary>
/// What the refine stage needs from an RL trainer, whatever its gradient estimator (DDPO's policy gradient or a
/// pathwise method): run its epochs one at a time, and checkpoint / restore the last complete one.
/// </summary>
public interface IRefineTrainer : IDisposable
{
    int EpochsCompleted { get; }

    /// <summary>True once every phase's epochs have run (or early stopping ended them).</summary>
    bool IsFinished { get; }

    /// <summary>Samples, scores and trains one epoch of the current phase.</summary>
    EpochReport RunEpoch();

    void SaveCheckpoint(string directory);

    void LoadCheckpoint(string directory);
}

public static class RefineTrainerExtensions
{
    /// <summary>Runs epochs until the schedule is done, calling <paramref name="afterEpoch"/> after each (checkpoint, CSV row).</summary>
    public static IReadOnlyList<EpochReport> Run(this IRefineTrainer trainer, Action<EpochReport>? afterEpoch = null)
    {
        var reports = new List<EpochReport>();
        while (!trainer.IsFinished)
        {
            var report = trainer.RunEpoch();
            reports.Add(report);
            afterEpoch?.Invoke(report);
        }
        return reports;
    }
}
