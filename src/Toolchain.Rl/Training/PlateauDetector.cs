namespace Toolchain.Rl.Training;

/// <summary>Tracks the best validation reward and how many epochs have passed without beating it by min_delta.</summary>
public sealed class PlateauDetector(EarlyStoppingOptions options)
{
    public double? Best { get; private set; }

    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>Records one validation reward; true when patience has run out.</summary>
    public bool Observe(double reward)
    {
        if (Best is null || reward > Best.Value + options.MinDelta)
        {
            Best = reward;
            EpochsWithoutImprovement = 0;
        }
        else
        {
            EpochsWithoutImprovement++;
        }
        return EpochsWithoutImprovement >= options.Patience;
    }

    public void Reset() => Restore(null, 0);

    public void Restore(double? best, int epochsWithoutImprovement)
    {
        Best = best;
        EpochsWithoutImprovement = epochsWithoutImprovement;
    }
}
