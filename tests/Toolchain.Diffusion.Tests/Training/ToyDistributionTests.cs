using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Runtime;
using Toolchain.Diffusion.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Training;

/// <summary>
/// Training and sampling numerics end to end, in seconds: a tiny text-to-image model trained from scratch on a
/// two-prompt toy distribution (red squares vs blue squares) must draw the colour its prompt names, with the
/// recipe the demo uses (v-prediction, cosine schedule, min-SNR weighting, EMA, frozen token table). With epsilon
/// prediction and the same 240 steps the images come out grey for both prompts (measured: mean R -0.13, B -0.04
/// for "red"; still grey after 900 steps), the same colour averaging the demo's epsilon models showed on skin.
/// </summary>
public sealed class ToyDistributionTests(ITestOutputHelper output)
{
    private const string Red = "a red square";
    private const string Blue = "a blue square";

    [Fact]
    public void ATinyModelLearnsToDrawTheColourItsPromptNames()
    {
        const string prediction = "v_prediction";
        EngineEnvironment.Configure(2);
        var noise = Checkpoints.TextToImageModelTests.Tiny.NoiseSchedule with { PredictionType = prediction };
        var settings = Checkpoints.TextToImageModelTests.Tiny with { Resolution = 8, BlockOutChannels = [16, 32], NormNumGroups = 8, NoiseSchedule = noise };
        using var model = TextToImageModel.CreateFromScratch(settings, new Generator(3));
        const int steps = 240;
        var options = new DiffusionTrainingOptions(3e-3, WarmupSteps: 20, TrainTextEncoder: true, Schedule: LearningRateSchedule.Cosine,
            TotalSteps: steps, SnrGamma: 5.0, EmaMaxDecay: 0.95, TrainTokenEmbedding: false);
        using var trainer = new TextToImageTrainer(model, options);
        using var data = new Generator(11);
        var prompts = Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? Red : Blue).ToList();
        using var colours = tensor(prompts.SelectMany(p => p == Red ? new[] { 0.8f, -0.8f, -0.8f } : new[] { -0.8f, -0.8f, 0.8f }).ToArray()).view(16, 3, 1, 1);
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var images = (colours + 0.1f * randn([16, 3, 8, 8], generator: data)).clamp(-1, 1);
            trainer.TrainStep(images, prompts, data);
        }
        trainer.Ema!.CopyToParameters();

        string[] asked = [Red, Red, Red, Red, Blue, Blue, Blue, Blue];
        using var drawn = SeededImageSampler.Generate(model, asked, Enumerable.Range(0, 8).Select(i => (ulong)(500 + i)).ToList(), 8, 8, new SamplingSettings(10, 2.0, 0.0));
        var means = drawn.mean([2, 3]).data<float>().ToArray();
        for (int i = 0; i < asked.Length; i++)
        {
            float r = means[3 * i], b = means[3 * i + 2];
            output.WriteLine($"{asked[i]}: mean R {r:F3} G {means[3 * i + 1]:F3} B {b:F3}");
            Assert.True(asked[i] == Red ? r - b > 0.8f : b - r > 0.8f, $"image {i} for '{asked[i]}' has mean R {r:F3}, B {b:F3}");
        }
    }
}
