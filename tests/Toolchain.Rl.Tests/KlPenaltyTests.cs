using Toolchain.Rl.Objectives;
using Toolchain.Rl.Policy;
using Toolchain.Rl.Tests.Toy;
using Toolchain.Rl.Training;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests;

public class KlPenaltyTests
{
    private static double KlToReference(ToyDiffusionPolicy policy)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(99);
        var trajectory = policy.Sample([0, 1, 0, 1, 0, 1, 0, 1], generator);
        double sum = 0;
        for (int step = 0; step < trajectory.StepCount; step++)
        {
            var transitions = new TransitionBatch(
                trajectory.Latents[TensorIndex.Colon, step],
                trajectory.Latents[TensorIndex.Colon, step + 1],
                full(8, trajectory.Timesteps[step].item<long>(), ScalarType.Int64),
                trajectory.PromptIndices);
            var current = policy.Evaluate(transitions);
            PolicyStep reference;
            using (policy.DisableAdapters())
            {
                reference = policy.Evaluate(transitions);
            }
            sum += GaussianStepKl.Compute(current.Mean, reference.Mean, current.Std).mean().item<float>();
        }
        return sum / trajectory.StepCount;
    }

    [Fact]
    public void KlToTheReferenceIsZeroWithFreshAdaptersAndPositiveOnceTheyMove()
    {
        ToySetup.PinThreads();
        var policy = ToySetup.Policy();
        Assert.Equal(0, KlToReference(policy));
        using (no_grad())
        {
            policy.TrainableParameters[3].add_(0.05);
        }
        Assert.True(KlToReference(policy) > 0);
    }

    [Fact]
    public void KlPenaltyKeepsThePolicyCloserToTheReference()
    {
        ToySetup.PinThreads();
        double Train(double beta, out IReadOnlyList<EpochReport> reports)
        {
            var policy = ToySetup.Policy();
            using var trainer = new DdpoTrainer(policy, ToySetup.Options with { KlBeta = beta }, [ToySetup.SignPhase(5)]);
            reports = trainer.Run();
            return KlToReference(policy);
        }

        double free = Train(0, out var freeReports);
        double penalised = Train(1.0, out var penalisedReports);
        Console.WriteLine($"KL to reference after 5 epochs: beta 0 -> {free:E3}, beta 1 -> {penalised:E3}");
        Assert.All(freeReports, r => Assert.Null(r.ReferenceKl));
        Assert.All(penalisedReports, r => Assert.True(r.ReferenceKl >= 0));
        Assert.True(penalised < free * 0.5, $"KL with penalty {penalised} vs without {free}");
    }
}
