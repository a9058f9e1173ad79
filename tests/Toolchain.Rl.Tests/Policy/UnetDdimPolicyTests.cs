using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Runtime;
using Toolchain.Rl.Policy;
using Toolchain.Rl.Rewards;
using Toolchain.Rl.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Policy;

public sealed class UnetDdimPolicyTests(ITestOutputHelper log)
{
    [Fact]
    public void RecordedLogProbsEqualReEvaluatedOnesInShuffledBatches()
    {
        EngineEnvironment.Configure(2);
        var (policy, _) = TinyUnetSetup.Policy();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(7);
        var trajectory = policy.Sample([0, 1, 2, 0], generator);

        // Rows from different chains at different timesteps, as the trainer's shuffling produces them.
        var (transitions, recorded) = Shuffled(trajectory);
        var step = policy.Evaluate(transitions);

        double maxLogRatio = (step.LogProb - recorded).abs().max().item<float>();
        log.WriteLine($"max |log ratio| before any update: {maxLogRatio:E2}");
        Assert.True(maxLogRatio <= 1e-5, $"max |log ratio| {maxLogRatio}");
        Assert.Equal(new long[] { 4 }, step.Std.shape);
        Assert.Equal(transitions.NextLatents.shape, step.Mean.shape);
    }

    [Fact]
    public void GatedAdaptersShapeOnlyTheEarlySteps()
    {
        EngineEnvironment.Configure(2);
        // 4 steps: timesteps 751, 501, 251, 1; the adapters act at the first two.
        var (policy, lora) = TinyUnetSetup.Policy(lora: new LoraConfig { MinTimestep = 500 });
        Assert.Equal(new long[] { 751, 501, 251, 1 }, policy.Timesteps);
        Assert.Equal(new[] { true, true, false, false }, policy.Timesteps.Select(policy.Adapts));
        using var scope = NewDisposeScope();
        Trajectory trajectory;
        using (no_grad())
        {
            trajectory = policy.Sample([0, 1, 2, 0], new Generator(7));
        }

        // A shuffled batch mixing gated and acting steps re-scores exactly, and only acting rows carry gradient.
        // Rows 0 and 2 sit at steps 2 and 3 (t = 251, 1), rows 1 and 3 at steps 0 and 1 (t = 751, 501).
        var (transitions, recorded) = Shuffled(trajectory);
        var step = policy.Evaluate(transitions);
        Assert.True((step.LogProb - recorded).abs().max().item<float>() <= 1e-5f);
        using (no_grad())
        using (lora.Disabled())
        {
            var reference = policy.Evaluate(transitions);
            var differs = (reference.LogProb - step.LogProb).abs().data<float>().ToArray();
            Assert.Equal(0f, differs[0]);
            Assert.Equal(0f, differs[2]);
            Assert.True(differs[1] > 0 && differs[3] > 0, $"adapted rows should differ from the base model: {string.Join(", ", differs)}");
        }
        var gradients = new List<float>();
        for (int row = 0; row < 4; row++)
        {
            foreach (var p in policy.TrainableParameters)
            {
                p.grad?.zero_();
            }
            policy.Evaluate(transitions).LogProb[row].backward();
            gradients.Add(policy.TrainableParameters.Sum(p => p.grad is null ? 0f : p.grad.abs().sum().item<float>()));
        }
        Assert.Equal(0f, gradients[0]);
        Assert.Equal(0f, gradients[2]);
        Assert.True(gradients[1] > 0 && gradients[3] > 0);
    }

    [Fact]
    public void SamplingIsAFunctionOfTheGeneratorOnly()
    {
        EngineEnvironment.Configure(2);
        var (policy, _) = TinyUnetSetup.Policy();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = policy.Sample([2, 1], new Generator(11));
        var b = policy.Sample([2, 1], new Generator(11));
        var c = policy.Sample([2, 1], new Generator(12));

        Assert.Equal(new long[] { 2, 5, 3, 8, 8 }, a.Latents.shape);
        Assert.Equal(new long[] { 2, 4 }, a.LogProbs.shape);
        Assert.Equal(policy.Timesteps, a.Timesteps.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 1 }, a.PromptIndices.data<long>().ToArray());
        Assert.True(a.Latents.equal(b.Latents).all().item<bool>());
        Assert.False(a.Latents.equal(c.Latents).all().item<bool>());
        Assert.InRange(a.Final.min().item<float>(), -1f, 1f);
        Assert.InRange(a.Final.max().item<float>(), -1f, 1f);
        Assert.True(a.LogProbs.isfinite().all().item<bool>());
    }

    [Fact]
    public void GradientsReachTheAdaptersAndNothingElse()
    {
        EngineEnvironment.Configure(2);
        var (policy, lora) = TinyUnetSetup.Policy();
        using var scope = NewDisposeScope();
        Trajectory trajectory;
        using (no_grad())
        {
            trajectory = policy.Sample([0, 1], new Generator(5));
        }
        var step = policy.Evaluate(Transitions(trajectory, column: 1));
        step.LogProb.sum().backward();

        Assert.Equal(2 * lora.Adapters.Count, policy.TrainableParameters.Count);
        Assert.All(policy.TrainableParameters, p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
        var adapterHandles = policy.TrainableParameters.Select(p => p.Handle).ToHashSet();
        Assert.DoesNotContain(lora.Adapters.SelectMany(a => new[] { a.A, a.B }), p => !adapterHandles.Contains(p.Handle));
        Assert.False(step.Std.requires_grad);
    }

    [Fact]
    public void DisabledAdaptersGiveTheBaseModelUntilReleased()
    {
        EngineEnvironment.Configure(2);
        var (policy, lora) = TinyUnetSetup.Policy();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var trajectory = policy.Sample([0, 2], new Generator(9));
        var transitions = Transitions(trajectory, column: 0);

        var adapted = policy.Evaluate(transitions).Mean;
        Tensor reference;
        using (policy.DisableAdapters())
        {
            Assert.False(lora.Enabled);
            reference = policy.Evaluate(transitions).Mean;
        }
        var again = policy.Evaluate(transitions).Mean;

        Assert.True(lora.Enabled);
        Assert.True((adapted - reference).abs().max().item<float>() > 1e-4);
        Assert.True(adapted.equal(again).all().item<bool>());
    }

    [Fact]
    public void AdaptersWithDropoutAreRefused()
    {
        using var generator = new Generator(1);
        var unet = new Toolchain.Diffusion.Models.Unet.UNet2DConditionModel(TinyUnetSetup.Config, generator);
        var lora = Toolchain.Diffusion.Lora.LoraNetwork.Attach(unet, new Toolchain.Diffusion.Lora.LoraConfig { Dropout = 0.1 }, generator);
        using var embeddings = zeros(3, 5, 16);
        using var empty = zeros(1, 5, 16);
        var error = Assert.Throws<ArgumentException>(() => new UnetDdimPolicy(unet, lora, TinyUnetSetup.Prompts, embeddings, empty, TinyUnetSetup.Schedule, new DdimPolicySettings(4, 3, 1)));
        Assert.Contains("dropout", error.Message);
    }

    [Fact]
    public void TrainerUpdatesOnlyTheAdaptersOfTheRealUnet()
    {
        // One intra-op thread: with two, the UNet's LoRA gradients are occasionally NaN (a libtorch CPU backward race).
        EngineEnvironment.Configure(1);
        var (policy, lora) = TinyUnetSetup.Policy(new DdimPolicySettings(NumSteps: 2, GuidanceScale: 3.0, Eta: 1.0), perturbAdapters: false);
        var options = new DdpoOptions
        {
            SamplesPerEpoch = 8,
            SampleBatchSize = 4,
            TrainBatchSize = 4,
            UpdatesPerEpoch = 1,
            LearningRate = 3e-3,
            ClipRange = 0.2,
            TrackerMinCount = 4,
            Seed = 1,
        };
        var reward = new CompositeReward([new WeightedReward("brightness", 1f, new MeanBrightness())]);
        using var trainer = new DdpoTrainer(policy, options, [new RefinePhase("main", reward, 2)]);
        var reports = trainer.Run();

        foreach (var r in reports)
        {
            log.WriteLine($"epoch {r.Epoch}: reward {r.RewardMean:F4} +- {r.RewardStd:F4}, approx KL {r.ApproxKl:E2}, clip {r.ClipFraction:F3}, grad {r.GradNorm:F3}");
        }
        Assert.Equal(2, reports.Count);
        // One optimizer step per epoch, after every minibatch was scored: the ratio is exactly 1 throughout.
        Assert.All(reports, r => Assert.Equal(0, r.ApproxKl));
        Assert.Contains(lora.Adapters, a => a.B.abs().sum().item<float>() > 0);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.GradNorm) && r.GradNorm > 0));
    }

    private static TransitionBatch Transitions(Trajectory trajectory, int column) => new(
        trajectory.Latents[TensorIndex.Colon, column],
        trajectory.Latents[TensorIndex.Colon, column + 1],
        trajectory.Timesteps[column].expand(trajectory.BatchSize).contiguous(),
        trajectory.PromptIndices);

    /// <summary>Mean pixel value: a reward the UNet can move quickly.</summary>
    private sealed class MeanBrightness : IRewardFunction
    {
        public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
        {
            using var scope = NewDisposeScope();
            return finals.mean([1, 2, 3]).data<float>().ToArray();
        }
    }

    /// <summary>Chains 3, 0, 2, 1 at steps 2, 0, 3, 1, and their recorded log-probabilities.</summary>
    private static (TransitionBatch Transitions, Tensor Recorded) Shuffled(Trajectory trajectory)
    {
        var rows = tensor(new long[] { 3, 0, 2, 1 });
        var columns = tensor(new long[] { 2, 0, 3, 1 });
        var transitions = new TransitionBatch(
            trajectory.Latents[TensorIndex.Tensor(rows), TensorIndex.Tensor(columns)],
            trajectory.Latents[TensorIndex.Tensor(rows), TensorIndex.Tensor(columns + 1)],
            trajectory.Timesteps[TensorIndex.Tensor(columns)],
            trajectory.PromptIndices[TensorIndex.Tensor(rows)]);
        return (transitions, trajectory.LogProbs[TensorIndex.Tensor(rows), TensorIndex.Tensor(columns)]);
    }
}
