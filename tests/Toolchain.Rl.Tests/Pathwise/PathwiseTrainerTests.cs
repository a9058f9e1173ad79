using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Runtime;
using Toolchain.Rl.Pathwise;
using Toolchain.Rl.Rewards;
using Toolchain.Rl.Tests.Policy;
using Toolchain.Rl.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Pathwise;

/// <summary>DRaFT-K on a real tiny UNet: the differentiable reward rises, only the last K steps carry gradient, resume is exact.</summary>
public sealed class PathwiseTrainerTests : IDisposable
{
    private readonly ITestOutputHelper log;
    private readonly string root = Directory.CreateTempSubdirectory("toolchain-pathwise-").FullName;

    public PathwiseTrainerTests(ITestOutputHelper log)
    {
        this.log = log;
        EngineEnvironment.Configure(2);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Rewards redder images: the mean of the red channel minus the blue one (thresholded score: above 0).</summary>
    private sealed class RednessReward : IDifferentiableReward
    {
        public Tensor Objective(Tensor images, IReadOnlyList<string> prompts) => (images[.., 0] - images[.., 2]).mean([1, 2]);

        public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
        {
            using var objective = Objective(finals, prompts);
            return objective.data<float>().ToArray();
        }
    }

    private sealed class NotDifferentiable : IRewardFunction
    {
        public float[] Score(Tensor finals, IReadOnlyList<string> prompts) => new float[prompts.Count];
    }

    private static (UnetPathwiseSampler Sampler, LoraNetwork Lora) Sampler(int steps = 4, double eta = 0.0)
    {
        using var generator = new Generator(3);
        var unet = new UNet2DConditionModel(TinyUnetSetup.Config, generator);
        var lora = LoraNetwork.Attach(unet, new LoraConfig(), generator);
        using var scope = NewDisposeScope();
        var embeddings = randn([TinyUnetSetup.Prompts.Length, 5, TinyUnetSetup.Config.CrossAttentionDim], generator: generator);
        var empty = randn([1, 5, TinyUnetSetup.Config.CrossAttentionDim], generator: generator);
        return (new UnetPathwiseSampler(unet, lora, TinyUnetSetup.Prompts, embeddings, empty, TinyUnetSetup.Schedule, new SamplingSettings(steps, 3.0, eta)), lora);
    }

    private static RefinePhase[] Phases(IRewardFunction reward, int epochs) =>
        [new RefinePhase("main", new CompositeReward([new WeightedReward("redness", 1f, reward)]), epochs)];

    private static PathwiseOptions Options => new() { SamplesPerEpoch = 6, BatchSize = 3, BackpropSteps = 2, LearningRate = 3e-2, Seed = 11 };

    [Fact]
    public void TheDifferentiableRewardRisesOverAFewSteps()
    {
        var (sampler, _) = Sampler();
        using var trainer = new PathwiseTrainer(sampler, Options, Phases(new RednessReward(), 6));
        var reports = trainer.Run();
        log.WriteLine(string.Join(" ", reports.Select(r => r.RewardMean.ToString("F4"))));
        Assert.Equal(6, reports.Count);
        Assert.Equal(36, reports[^1].SamplesSeen);
        Assert.Equal(2, reports[0].OptimizerSteps);
        Assert.True(reports[^1].RewardMean > reports[0].RewardMean + 0.05, $"reward {reports[0].RewardMean:F4} -> {reports[^1].RewardMean:F4}");
    }

    [Fact]
    public void OnlyTheLastStepsKeepTheirGraphAndTheAdaptersAreWhatItReaches()
    {
        var (sampler, lora) = Sampler();
        using var scope = NewDisposeScope();
        var none = sampler.Generate([0, 1], new Generator(5), backpropSteps: 0);
        Assert.False(none.requires_grad);
        var images = sampler.Generate([0, 1], new Generator(5), backpropSteps: 1);
        Assert.True(images.requires_grad);
        // The same noise gives the same images whether or not the graph is kept.
        Assert.Equal(0f, (images.detach() - none).abs().max().item<float>());
        images.sum().backward();
        Assert.All(sampler.TrainableParameters, p => Assert.NotNull(p.grad));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Generate([0], new Generator(5), backpropSteps: 5));
    }

    [Fact]
    public void ARewardWithoutAGradientIsRefusedByName()
    {
        var (sampler, _) = Sampler();
        var error = Assert.Throws<RefineSettingsError>(() => new PathwiseTrainer(sampler, Options, Phases(new NotDifferentiable(), 1)));
        Assert.Equal("phases.main.rewards.redness", error.Setting);
    }

    [Fact]
    public void ResumingFromACheckpointEndsWithTheSameAdapters()
    {
        float[] Adapters(LoraNetwork lora) => lora.Parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        string checkpoint = Path.Combine(root, "ckpt");

        var (straightSampler, straightLora) = Sampler();
        using (var trainer = new PathwiseTrainer(straightSampler, Options, Phases(new RednessReward(), 3)))
        {
            trainer.Run(report => { if (report.Epoch == 0) trainer.SaveCheckpoint(checkpoint); });
        }
        var (resumedSampler, resumedLora) = Sampler();
        using (var trainer = new PathwiseTrainer(resumedSampler, Options, Phases(new RednessReward(), 3)))
        {
            trainer.LoadCheckpoint(checkpoint);
            Assert.Equal(1, trainer.EpochsCompleted);
            Assert.Equal(2, trainer.Run().Count);
        }
        Assert.Equal(Adapters(straightLora), Adapters(resumedLora));
    }
}
