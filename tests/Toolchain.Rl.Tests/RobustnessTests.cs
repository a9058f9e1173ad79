using Toolchain.Core;
using Toolchain.Rl.Rewards;
using Toolchain.Rl.Tests.Toy;
using Toolchain.Rl.Training;

namespace Toolchain.Rl.Tests;

public class RobustnessTests
{
    [Fact]
    public void NanRewardStopsWithAnErrorNamingTheEpochAndTheReward()
    {
        ToySetup.PinThreads();
        int calls = 0;
        // Two sampling batches per epoch: the fifth call is epoch 2's first batch.
        var poisoned = new FunctionReward((x, _) => ++calls > 2 * 8 * 2 ? float.NaN : x[0]);
        var phase = new RefinePhase("p", new CompositeReward([new WeightedReward("classifier", 1f, poisoned)]), 5);
        using var trainer = new DdpoTrainer(ToySetup.Policy(), ToySetup.Options with { SamplesPerEpoch = 16 }, [phase]);
        trainer.RunEpoch();
        trainer.RunEpoch();

        var error = Assert.Throws<NonFiniteTrainingError>(() => trainer.RunEpoch());
        Assert.Equal(2, error.Epoch);
        Assert.Contains("epoch 2", error.Message);
        Assert.Contains("reward 'classifier' is NaN", error.Message);
        Assert.IsAssignableFrom<ToolchainError>(error);
        Assert.Equal(1, error.ExitCode);
        Assert.Equal(2, trainer.EpochsCompleted);
    }

    [Fact]
    public void NanLossStopsWithAClearError()
    {
        ToySetup.PinThreads();
        var policy = new RecordingPolicy(ToySetup.Policy()) { PoisonLogProbs = true };
        using var trainer = new DdpoTrainer(policy, ToySetup.Options with { SamplesPerEpoch = 16 }, [ToySetup.SignPhase(1)]);
        var error = Assert.Throws<NonFiniteTrainingError>(() => trainer.RunEpoch());
        Assert.Equal(0, error.Epoch);
        Assert.Contains("the loss is NaN", error.Message);
    }

    [Theory]
    [InlineData("samples_per_epoch")]
    [InlineData("group_size")]
    [InlineData("timestep_fraction")]
    [InlineData("early_stopping")]
    public void InconsistentSettingsAreRefusedNamingTheSetting(string setting)
    {
        var options = setting switch
        {
            "samples_per_epoch" => ToySetup.Options with { TrainBatchSize = 5 },
            "group_size" => ToySetup.Options with { GroupSize = 4 },
            "timestep_fraction" => ToySetup.Options with { TimestepFraction = 1.5 },
            _ => ToySetup.Options with { EarlyStopping = new EarlyStoppingOptions(3, 0) },
        };
        var error = Assert.Throws<RefineSettingsError>(() => new DdpoTrainer(ToySetup.Policy(), options, [ToySetup.SignPhase(1)]));
        Assert.Equal(setting, error.Setting);
        Assert.Equal(2, error.ExitCode);
    }
}
