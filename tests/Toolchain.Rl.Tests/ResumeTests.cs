using Toolchain.Rl.Tests.Toy;
using Toolchain.Rl.Training;

namespace Toolchain.Rl.Tests;

public sealed class ResumeTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "rl-resume-" + Guid.NewGuid().ToString("N"));

    private static DdpoOptions Options => ToySetup.Options with { EarlyStopping = new EarlyStoppingOptions(Patience: 10, MinDelta: 0) };

    private static readonly ValidationSet Validation = new([0, 1], Seed: 5);

    private static DdpoTrainer Trainer(ToyDiffusionPolicy policy) => new(policy, Options, [ToySetup.SignPhase(2, "a"), ToySetup.SignPhase(2, "b")], Validation);

    [Fact]
    public void ResumingAfterAnEpochGivesBitwiseTheUninterruptedRun()
    {
        ToySetup.PinThreads();
        var straightPolicy = ToySetup.Policy();
        using var straight = Trainer(straightPolicy);
        var straightReports = straight.Run();

        using (var interrupted = Trainer(ToySetup.Policy()))
        {
            interrupted.RunEpoch();
            interrupted.RunEpoch();
            interrupted.RunEpoch();
            interrupted.SaveCheckpoint(directory);
        }

        var resumedPolicy = ToySetup.Policy();
        using var resumed = Trainer(resumedPolicy);
        resumed.LoadCheckpoint(directory);
        Assert.Equal(3, resumed.EpochsCompleted);
        Assert.Equal("b", resumed.CurrentPhase!.Name);
        var resumedReports = resumed.Run();

        Assert.Single(resumedReports);
        Assert.Equal(straightReports[^1].RewardMean, resumedReports[0].RewardMean);
        Assert.Equal(straightReports[^1].GradNorm, resumedReports[0].GradNorm);
        Assert.Equal(straightReports[^1].ValidationReward, resumedReports[0].ValidationReward);
        Assert.Equal(straightReports[^1].SamplesSeen, resumedReports[0].SamplesSeen);
        for (int i = 0; i < straightPolicy.TrainableParameters.Count; i++)
        {
            Assert.Equal(straightPolicy.TrainableParameters[i].bytes.ToArray(), resumedPolicy.TrainableParameters[i].bytes.ToArray());
        }
        Assert.Equal(straight.Tracker.Buffers, resumed.Tracker.Buffers);
    }

    [Fact]
    public void ResumingWithAnotherSeedIsRefused()
    {
        ToySetup.PinThreads();
        using (var trainer = Trainer(ToySetup.Policy()))
        {
            trainer.RunEpoch();
            trainer.SaveCheckpoint(directory);
        }
        using var other = new DdpoTrainer(ToySetup.Policy(), Options with { Seed = 7 }, [ToySetup.SignPhase(2, "a"), ToySetup.SignPhase(2, "b")], Validation);
        var error = Assert.Throws<RefineSettingsError>(() => other.LoadCheckpoint(directory));
        Assert.Contains("seed", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
