using Toolchain.Rl.Tests.Toy;
using Toolchain.Rl.Training;

namespace Toolchain.Rl.Tests;

public class DdpoLearningTests
{
    [Fact]
    public void PlainDdpoRaisesTheMeanRewardOfTheToyPolicy()
    {
        ToySetup.PinThreads();
        var policy = ToySetup.Policy();
        using var trainer = new DdpoTrainer(policy, ToySetup.Options, [ToySetup.SignPhase(20)]);
        var reports = trainer.Run();

        Assert.Equal(20, reports.Count);
        double first = reports.Take(3).Average(r => r.RewardMean);
        double last = reports.TakeLast(3).Average(r => r.RewardMean);
        foreach (var r in reports)
        {
            Console.WriteLine($"epoch {r.Epoch} reward {r.RewardMean:F4} +- {r.RewardStd:F4} kl {r.ApproxKl:E2} clip {r.ClipFraction:F3} grad {r.GradNorm:F4} loss {r.Loss:F5} {r.Seconds:F3}s");
        }
        Assert.True(last > first + 0.3, $"mean reward went from {first:F3} to {last:F3}");
        Assert.All(reports, r => Assert.Equal(2, r.OptimizerSteps));
        Assert.Equal(20 * 32, reports[^1].SamplesSeen);
    }
}
