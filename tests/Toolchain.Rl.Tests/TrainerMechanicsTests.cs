using Toolchain.Rl.Advantages;
using Toolchain.Rl.Policy;
using Toolchain.Rl.Tests.Toy;
using Toolchain.Rl.Training;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests;

public class TrainerMechanicsTests
{
    [Fact]
    public void RecordedLogProbsAreReproducedExactlyBeforeTheFirstUpdate()
    {
        ToySetup.PinThreads();
        // One update per epoch: every timestep is re-scored before the optimizer moves, so if the trainer
        // pairs each x_t with its own x_prev, timestep and log-prob, the ratio is exactly 1.
        var options = ToySetup.Options with { UpdatesPerEpoch = 1 };
        using var trainer = new DdpoTrainer(ToySetup.Policy(), options, [ToySetup.SignPhase(1)]);
        var report = trainer.RunEpoch();
        Assert.Equal(0, report.ApproxKl);
        Assert.Equal(0, report.ClipFraction);
        Assert.Equal(1, report.OptimizerSteps);
    }

    [Fact]
    public void TimestepFractionTrainsARandomSubsetOfEachSamplesShuffledSteps()
    {
        ToySetup.PinThreads();
        var toy = ToySetup.Policy();
        var policy = new RecordingPolicy(toy);
        var options = ToySetup.Options with { SamplesPerEpoch = 16, UpdatesPerEpoch = 1, TimestepFraction = 0.5 };
        using var trainer = new DdpoTrainer(policy, options, [ToySetup.SignPhase(1)]);
        trainer.RunEpoch();

        // 16 samples / batch 8 = 2 batches, each trained on int(10 * 0.5) = 5 timesteps.
        Assert.Equal(2 * 5, policy.Evaluated.Count);
        var stepsBySample = new Dictionary<int, List<int>>();
        foreach (var call in policy.Evaluated)
        {
            Assert.Equal(8, call.Length);
            foreach (var (latent, timestep) in call)
            {
                var (sample, step) = policy.Locate(latent);
                Assert.Equal(toy.Schedule.Timesteps[step], timestep);
                (stepsBySample.TryGetValue(sample, out var list) ? list : stepsBySample[sample] = []).Add(step);
            }
        }
        Assert.Equal(16, stepsBySample.Count);
        Assert.All(stepsBySample.Values, steps => Assert.Equal(5, steps.Distinct().Count()));
        Assert.True(stepsBySample.Values.Select(s => string.Join(",", s.Order())).Distinct().Count() > 1, "every sample trained the same timesteps");
        Assert.True(stepsBySample.Values.Select(s => string.Join(",", s)).Distinct().Count() > 1, "timestep orders were not shuffled per sample");
    }

    [Fact]
    public void StepsWhereTheAdaptersDoNotActAreNotTrained()
    {
        ToySetup.PinThreads();
        var toy = ToySetup.Policy();
        // The toy's 10 timesteps descend; gate the adapters to the first 4 of them.
        long gate = toy.Schedule.Timesteps[3];
        var policy = new RecordingPolicy(toy) { AdaptsFrom = gate };
        var options = ToySetup.Options with { SamplesPerEpoch = 16, UpdatesPerEpoch = 1, TimestepFraction = 0.5 };
        using var trainer = new DdpoTrainer(policy, options, [ToySetup.SignPhase(1)]);
        trainer.RunEpoch();

        // The fraction applies to the 4 adapted steps: 2 batches x int(4 * 0.5) = 2 timesteps each.
        Assert.Equal(2 * 2, policy.Evaluated.Count);
        var trainedSteps = policy.Evaluated.SelectMany(call => call).Select(row => row.Timestep).ToList();
        Assert.All(trainedSteps, t => Assert.True(t >= gate, $"trained timestep {t} below the gate {gate}"));
        Assert.Equal(4, trainedSteps.Distinct().Count());

    }

    [Fact]
    public void AGateOrFractionThatLeavesNothingToTrainIsRefusedBeforeAnySampling()
    {
        ToySetup.PinThreads();
        var options = ToySetup.Options with { SamplesPerEpoch = 16, UpdatesPerEpoch = 1, TimestepFraction = 0.5 };
        var closed = new RecordingPolicy(ToySetup.Policy()) { AdaptsFrom = long.MaxValue };
        var gate = Assert.Throws<RefineSettingsError>(() => new DdpoTrainer(closed, options, [ToySetup.SignPhase(1)]));
        Assert.Contains("lora.min_timestep", gate.Message);
        Assert.Empty(closed.SampledPrompts);

        // One adapted step and half of it: int(1 * 0.5) = 0 timesteps per sample.
        var toy = ToySetup.Policy();
        var narrow = new RecordingPolicy(toy) { AdaptsFrom = toy.Schedule.Timesteps[0] };
        var fraction = Assert.Throws<RefineSettingsError>(() => new DdpoTrainer(narrow, options, [ToySetup.SignPhase(1)]));
        Assert.Contains("timestep_fraction", fraction.Message);
        Assert.Empty(narrow.SampledPrompts);
    }

    [Fact]
    public void GradientIsTheMeanOverSamplesAndTimesteps()
    {
        ToySetup.PinThreads();
        var policy = new RecordingPolicy(ToySetup.Policy());
        var options = ToySetup.Options with { SamplesPerEpoch = 16, TrainBatchSize = 4, UpdatesPerEpoch = 1 };
        using var trainer = new DdpoTrainer(policy, options, [ToySetup.SignPhase(1)]);
        var report = trainer.RunEpoch();

        // Recompute the gradient in one pass on an untouched copy of the policy: with the ratio 1 at the
        // start, the loss is mean over (sample, timestep) of -A * ratio.
        using var scope = NewDisposeScope();
        var fresh = ToySetup.Policy();
        var prompts = policy.SampledPrompts.SelectMany(p => p).ToArray();
        var promptNames = prompts.Select(i => ToySetup.Prompts[i]).ToArray();
        var finals = policy.SampledLatents.Select(l => l[^1]).ToArray();
        var rewards = new SignReward().Score(tensor(finals.SelectMany(f => f).ToArray()).reshape(16, 2), promptNames);
        var advantages = tensor(AdvantageClipping.Clip(new PerPromptStatTracker(32, 16).Update(promptNames, rewards), 5));
        var promptTensor = tensor(prompts.Select(i => (long)i).ToArray());
        Tensor total = zeros(1);
        for (int step = 0; step < 10; step++)
        {
            var transitions = new TransitionBatch(
                tensor(policy.SampledLatents.SelectMany(l => l[step]).ToArray()).reshape(16, 2),
                tensor(policy.SampledLatents.SelectMany(l => l[step + 1]).ToArray()).reshape(16, 2),
                full(16, fresh.Schedule.Timesteps[step], ScalarType.Int64),
                promptTensor);
            var logProb = fresh.Evaluate(transitions).LogProb;
            var ratio = (logProb - logProb.detach()).exp();
            total = total + (-advantages * ratio).mean();
        }
        (total / 10).backward();
        double norm = Math.Sqrt(fresh.TrainableParameters.Sum(p => p.grad!.square().sum().item<float>()));

        Assert.True(norm > 0);
        Assert.Equal(norm, report.GradNorm, norm * 1e-4);
    }

    [Fact]
    public void GroupRelativeModeSamplesEachPromptInGroupsOfG()
    {
        ToySetup.PinThreads();
        var policy = new RecordingPolicy(ToySetup.Policy());
        var options = ToySetup.Options with { Advantage = AdvantageEstimator.GroupRelative, GroupSize = 4 };
        using var trainer = new DdpoTrainer(policy, options, [ToySetup.SignPhase(1)]);
        var report = trainer.RunEpoch();

        var prompts = policy.SampledPrompts.SelectMany(p => p).ToArray();
        Assert.Equal(32, prompts.Length);
        for (int g = 0; g < 8; g++)
        {
            Assert.Single(prompts.Skip(g * 4).Take(4).Distinct());
        }
        // 8 groups over 2 prompts drawn in shuffled passes: each prompt leads exactly 4 groups.
        Assert.All(report.PerPrompt, p => Assert.Equal(16, p.Count));
    }
}
