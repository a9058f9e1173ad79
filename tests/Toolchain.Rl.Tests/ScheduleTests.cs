using Toolchain.Rl.Rewards;
using Toolchain.Rl.Tests.Toy;
using Toolchain.Rl.Training;

namespace Toolchain.Rl.Tests;

public class ScheduleTests
{
    [Fact]
    public void PhasesSwitchRewardMixesAtTheirEpochCounts()
    {
        ToySetup.PinThreads();
        var second = new FunctionReward((x, _) => x[1]);
        var phases = new[]
        {
            ToySetup.SignPhase(2, "diagnosis"),
            new RefinePhase("artifacts", new CompositeReward([new WeightedReward("second_coordinate", 1f, second)]), 3),
        };
        using var trainer = new DdpoTrainer(ToySetup.Policy(), ToySetup.Options with { SamplesPerEpoch = 16 }, phases);
        var reports = trainer.Run();

        Assert.Equal(["diagnosis", "diagnosis", "artifacts", "artifacts", "artifacts"], reports.Select(r => r.Phase));
        Assert.Equal([0, 1, 0, 1, 2], reports.Select(r => r.EpochInPhase));
        Assert.All(reports.Take(2), r => Assert.Equal(["sign"], r.RewardComponents.Keys));
        Assert.All(reports.Skip(2), r => Assert.Equal(["second_coordinate"], r.RewardComponents.Keys));
        Assert.Equal(3 * 2, second.Calls); // 3 epochs x 2 sampling batches of 8
        Assert.True(trainer.IsFinished);
        Assert.Throws<InvalidOperationException>(() => trainer.RunEpoch());
    }

    [Fact]
    public void EarlyStoppingEndsThePhaseWhenTheValidationRewardPlateaus()
    {
        ToySetup.PinThreads();
        var flat = new RefinePhase("flat", new CompositeReward([new WeightedReward("constant", 1f, new FunctionReward((_, _) => 0.5f))]), 10);
        var options = ToySetup.Options with { SamplesPerEpoch = 16, EarlyStopping = new EarlyStoppingOptions(Patience: 2, MinDelta: 0.01) };
        using var trainer = new DdpoTrainer(ToySetup.Policy(), options, [flat, ToySetup.SignPhase(1)], new ValidationSet([0, 1, 0, 1], Seed: 7));
        var reports = trainer.Run();

        // Best set in epoch 0, no improvement in epochs 1 and 2: patience 2 runs out after 3 epochs.
        Assert.Equal(["flat", "flat", "flat", "sign"], reports.Select(r => r.Phase));
        Assert.Equal([false, false, true, false], reports.Select(r => r.StoppedEarly));
        Assert.All(reports.Take(3), r => Assert.Equal(0.5, r.ValidationReward!.Value, 6));
    }

    [Fact]
    public void PlateauDetectorCountsEpochsWithoutAnImprovementAboveMinDelta()
    {
        var detector = new PlateauDetector(new EarlyStoppingOptions(Patience: 2, MinDelta: 0.1));
        Assert.False(detector.Observe(1.0));
        Assert.False(detector.Observe(1.05)); // within min_delta: no improvement (1)
        Assert.False(detector.Observe(1.2));  // improvement resets
        Assert.Equal(1.2, detector.Best);
        Assert.False(detector.Observe(1.0));
        Assert.True(detector.Observe(1.29));
    }
}
