using Toolchain.Rl.Tests.Toy;
using Toolchain.Rl.Training;
using TorchSharp;

namespace Toolchain.Rl.Tests;

public class MemoryTests
{
    [Fact]
    public void LiveTensorCountStaysFlatAcrossEpochs()
    {
        ToySetup.PinThreads();
        var options = ToySetup.Options with { SamplesPerEpoch = 16, KlBeta = 0.1, EarlyStopping = new EarlyStoppingOptions(100, 0) };
        using var trainer = new DdpoTrainer(ToySetup.Policy(), options, [ToySetup.SignPhase(6)], new ValidationSet([0, 1], 3));
        trainer.RunEpoch();
        trainer.RunEpoch();
        long afterWarmUp = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 4; i++)
        {
            trainer.RunEpoch();
        }
        Assert.Equal(afterWarmUp, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
