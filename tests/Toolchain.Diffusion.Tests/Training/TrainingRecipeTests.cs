using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Runtime;
using Toolchain.Diffusion.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Training;

/// <summary>The parts of the training recipe beside the loss: schedule, EMA, min-SNR weighting, frozen token table, checkpoints.</summary>
public sealed class TrainingRecipeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("toolchain-recipe-").FullName;

    public TrainingRecipeTests() => EngineEnvironment.Configure(2);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static ScratchModelSettings Tiny => Checkpoints.TextToImageModelTests.Tiny with { BlockOutChannels = [16, 32], NormNumGroups = 8 };

    private static readonly string[] Prompts = ["a dermoscopic image of melanoma with hair", "a dermoscopic image of nevus"];

    private static List<string> Batch(int n) => Enumerable.Range(0, n).Select(i => Prompts[i % 2]).ToList();

    [Fact]
    public void CosineScheduleWarmsUpThenFallsToZeroAlongHalfACosine()
    {
        var options = new DiffusionTrainingOptions(1e-3, WarmupSteps: 10, Schedule: LearningRateSchedule.Cosine, TotalSteps: 110);
        Assert.Equal(1e-4, options.LearningRateAt(0), 12);
        Assert.Equal(1e-3, options.LearningRateAt(9), 12);
        Assert.Equal(1e-3, options.LearningRateAt(10), 12);
        Assert.Equal(0.5e-3, options.LearningRateAt(60), 12);
        Assert.Equal(0.0, options.LearningRateAt(110), 12);
        Assert.Equal(0.0, options.LearningRateAt(500), 12);
        Assert.Equal(1e-3, new DiffusionTrainingOptions(1e-3, WarmupSteps: 10).LearningRateAt(60), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiffusionTrainingOptions(1e-3, WarmupSteps: 10, Schedule: LearningRateSchedule.Cosine, TotalSteps: 10).Validate());
    }

    [Fact]
    public void EmaFollowsDiffusersDecayWarmupAndUpdateRule()
    {
        using var parameter = new TorchSharp.Modules.Parameter(tensor(new[] { 0f, 0f }));
        using var ema = new ExponentialMovingAverage([parameter], maxDecay: 0.9);
        Assert.Equal(0.1, ema.DecayAt(1), 12);          // (1 + 0) / (10 + 0)
        Assert.Equal(2.0 / 11.0, ema.DecayAt(2), 12);
        Assert.Equal(0.9, ema.DecayAt(1000), 12);       // capped
        using (no_grad()) parameter.copy_(tensor(new[] { 1f, -2f }));
        ema.Update(1);                                  // shadow = 0 - 0.9 (0 - p) = 0.9 p
        Assert.Equal(new[] { 0.9f, -1.8f }, ema.Shadow[0].data<float>().ToArray());
        ema.CopyToParameters();
        Assert.Equal(new[] { 0.9f, -1.8f }, parameter.data<float>().ToArray());
    }

    [Fact]
    public void MinSnrWithAGammaAboveEverySnrIsPlainMse()
    {
        float Loss(double? gamma)
        {
            using var model = TextToImageModel.CreateFromScratch(Tiny, new Generator(3));
            using var trainer = new TextToImageTrainer(model, new DiffusionTrainingOptions(1e-3, TrainTextEncoder: true, SnrGamma: gamma));
            using var generator = new Generator(9);
            using var images = rand([8, 3, 16, 16], generator: new Generator(4)) * 2 - 1;
            return trainer.TrainStep(images, Batch(8), generator);
        }
        // SNR at t = 0 is about 1e4 with SD's schedule: a gamma of 1e6 never binds, so every weight is 1.
        Assert.Equal(Loss(null), Loss(1e6), 5);
        // A small gamma weights the nearly clean timesteps down, so the same batch reports a smaller loss.
        Assert.True(Loss(0.5) < Loss(null));
    }

    [Fact]
    public void AFrozenTokenTableIsNeitherOptimizedNorChanged()
    {
        using var model = TextToImageModel.CreateFromScratch(Tiny, new Generator(3));
        var table = model.TextEncoder.named_parameters().Single(p => p.name == TextToImageTrainer.TokenEmbeddingName).parameter;
        var before = table.detach().clone();
        var layer = model.TextEncoder.named_parameters().First(p => p.name.Contains("layers.0")).parameter;
        var layerBefore = layer.detach().clone();
        using var trainer = new TextToImageTrainer(model, new DiffusionTrainingOptions(1e-2, TrainTextEncoder: true, TrainTokenEmbedding: false));
        Assert.DoesNotContain(trainer.Trainable, p => ReferenceEquals(p, table));
        using var generator = new Generator(9);
        using var images = rand([8, 3, 16, 16], generator: new Generator(4)) * 2 - 1;
        trainer.TrainStep(images, Batch(8), generator);
        Assert.Equal(0f, (table - before).abs().max().item<float>());
        Assert.True((layer - layerBefore).abs().max().item<float>() > 0, "the text encoder's layers still train");
    }

    [Fact]
    public void ACheckpointWithAnEmaResumesBitExactly()
    {
        var options = new DiffusionTrainingOptions(1e-3, TrainTextEncoder: true, EmaMaxDecay: 0.99);
        using var images = rand([8, 3, 16, 16], generator: new Generator(4)) * 2 - 1;
        float[] Run(int steps, string? saveAfter, string? resumeFrom)
        {
            using var model = TextToImageModel.CreateFromScratch(Tiny, new Generator(3));
            using var trainer = new TextToImageTrainer(model, options);
            if (resumeFrom is not null) TrainingCheckpoint.Load(resumeFrom, trainer);
            var losses = new List<float>();
            for (int i = (int)trainer.StepsTaken; i < steps; i++)
            {
                using var generator = new Generator((ulong)(100 + i));
                losses.Add(trainer.TrainStep(images, Batch(8), generator));
                if (saveAfter is not null && i == 1) TrainingCheckpoint.Save(saveAfter, trainer, new TrainingProgress(TrainingProgress.CurrentFormat, 1, trainer.StepsTaken, []));
            }
            trainer.Ema!.CopyToParameters();
            return [.. losses, .. model.Unet.parameters().First().data<float>().ToArray()[..4]];
        }
        string checkpoint = Path.Combine(root, "ckpt");
        var straight = Run(4, checkpoint, null);
        Assert.True(File.Exists(Path.Combine(checkpoint, TrainingCheckpoint.EmaFile)));
        var resumed = Run(4, null, checkpoint);
        Assert.Equal(straight[2..], resumed);
    }
}
