using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Runtime;
using Toolchain.Diffusion.Sampling;
using Toolchain.Diffusion.Schedulers;
using Toolchain.Diffusion.TextEncoder;
using Toolchain.Diffusion.Tokenizer;
using Toolchain.Diffusion.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Checkpoints;

public sealed class TextToImageModelTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("toolchain-t2i-").FullName;

    // Pinned threads and ATen kernels: oneDNN's convolution reads stale memory on this libtorch build (NaN images).
    public TextToImageModelTests() => EngineEnvironment.Configure(2);

    internal static ScratchModelSettings Tiny => new(16, [8, 16], 1, 2, 16, 4, 16, 1, 2, 12, new NoiseScheduleConfig { ClipSample = true, SetAlphaToOne = false, StepsOffset = 1 });

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && (a - b).abs().max().item<float>() == 0;

    [Fact]
    public void SaveLoadSaveGivesIdenticalBytesAndOutputs()
    {
        string first = Path.Combine(root, "a"), second = Path.Combine(root, "b");
        using var model = TextToImageModel.CreateFromScratch(Tiny, new Generator(3));
        model.Save(first);
        using var loaded = TextToImageModel.Load(first);
        loaded.Save(second);

        var files = Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(second, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second, f)).Order(StringComparer.Ordinal));
        Assert.Contains(Path.Combine("tokenizer", "vocab.json"), files);
        Assert.Contains(Path.Combine("text_encoder", "model.safetensors"), files);
        Assert.DoesNotContain(files, f => f.StartsWith("vae", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(first, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, file))), file);
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        string[] prompts = ["a dermoscopic image of melanoma with hair", ""];
        var a = model.EncodePrompts(prompts);
        var b = loaded.EncodePrompts(prompts);
        Assert.Equal(new long[] { 2, 12, 16 }, a.shape);
        Assert.True(Same(a, b));
        var x = randn([2, 3, 16, 16], generator: new Generator(1));
        var t = tensor(new long[] { 10, 900 });
        Assert.True(Same(model.PredictNoise(x, t, a), loaded.PredictNoise(x, t, b)));
        Assert.Equal(model.NoiseSchedule with { IgnoredKeys = [] }, loaded.NoiseSchedule with { IgnoredKeys = [] });
    }

    [Fact]
    public void ScratchModelUsesTheRealClipTokenizerWithItsLengthLimit()
    {
        using var model = TextToImageModel.CreateFromScratch(Tiny, new Generator(3));
        var reference = ClipTokenizer.FromFolder(Fixtures.Path("clip-tokenizer"));
        const string text = "a dermoscopic image of melanoma on the upper back, Fitzpatrick skin type V";
        Assert.Equal(reference.Encode(text, 12), model.Tokenizer.Encode(text, 12));
        Assert.Equal(12, model.TokenLength);
        Assert.Equal(49408, model.TextEncoder.Config.VocabSize);
        Assert.Equal([3L, 16, 16], model.SampleShape(16, 16));
    }

    [Fact]
    public void TextEncoderToleratesThePositionIdsBufferButNoOtherExtraKey()
    {
        string folder = Path.Combine(root, "text_encoder");
        using var model = TextToImageModel.CreateFromScratch(Tiny, new Generator(4));
        TextEncoderFolder.Save(model.TextEncoder, folder);
        string weights = Path.Combine(folder, TextEncoderFolder.WeightsFileName);
        Dictionary<string, Tensor> state;
        using (var file = SafetensorsFile.Open(weights))
        {
            state = file.ReadAll();
        }
        state["text_model.embeddings.position_ids"] = arange(12L, dtype: ScalarType.Int64).unsqueeze(0);
        SafetensorsWriter.Save(weights, state);
        using var loaded = TextEncoderFolder.Load(folder);
        using var ids = model.TokenizePrompts(["melanoma"]);
        using var noGrad = no_grad();
        Assert.True(Same(loaded.call(ids), model.TextEncoder.call(ids)));

        state["text_model.extra.weight"] = zeros(2);
        SafetensorsWriter.Save(weights, state);
        var error = Assert.Throws<WeightsFormatError>(() => TextEncoderFolder.Load(folder));
        Assert.Contains("text_model.extra.weight", error.Message);
    }

    [Fact]
    public void SeededSamplerMatchesTheGuidedSamplerAndKeepsEachImageToItsSeed()
    {
        using var model = TextToImageModel.CreateFromScratch(Tiny, new Generator(5));
        model.Unet.eval();
        string[] prompts = ["melanoma", "nevus"];
        ulong[] seeds = [11, 12];
        using var scope = NewDisposeScope();
        var images = SeededImageSampler.Generate(model, prompts, seeds, 16, 16, new SamplingSettings(4, 3.0, 0.0));

        using var noGrad = no_grad();
        var noise = cat([randn([1, 3, 16, 16], generator: new Generator(11)), randn([1, 3, 16, 16], generator: new Generator(12))], 0);
        var sampler = new GuidedDdimSampler(new DdimScheduler(model.NoiseSchedule), model.PredictNoise);
        using var reference = sampler.Sample(noise, model.EncodePrompts(prompts), model.EncodePrompts(["", ""]), 4, 3.0);
        float gap = (images - reference.FinalLatents.clamp(-1, 1)).abs().max().item<float>();
        Assert.True(gap < 1e-6, $"gap {gap}");

        // eta > 0: the second image's step noise comes from its own seed, so it does not depend on its neighbour.
        var stochastic = new SamplingSettings(4, 3.0, 1.0);
        var pair = SeededImageSampler.Generate(model, prompts, seeds, 16, 16, stochastic);
        var alone = SeededImageSampler.Generate(model, ["nevus", "nevus"], [99, 12], 16, 16, stochastic);
        Assert.True((pair[1] - alone[1]).abs().max().item<float>() < 1e-4);
        Assert.False(Same(pair[0], alone[0]));
    }

    [Fact]
    public void SeededSamplerHonoursAnAdaptersTimestepGate()
    {
        using var model = TextToImageModel.CreateFromScratch(Tiny, new Generator(5));
        model.Unet.eval();
        string[] prompts = ["melanoma", "nevus"];
        ulong[] seeds = [11, 12];
        var settings = new SamplingSettings(4, 3.0, 0.0);
        using var scope = NewDisposeScope();
        var bare = SeededImageSampler.Generate(model, prompts, seeds, 16, 16, settings);

        Tensor Draw(long? minTimestep)
        {
            using var lora = LoraNetwork.Attach(model.Unet, new LoraConfig { MinTimestep = minTimestep }, new Generator(6));
            using (no_grad())
            {
                foreach (var adapter in lora.Adapters)
                {
                    adapter.B.normal_(0, 0.5, generator: new Generator(7));
                }
            }
            return SeededImageSampler.Generate(model, prompts, seeds, 16, 16, settings, lora);
        }

        // Gated above every sampling timestep the adapters never act; at 0 they act at all of them.
        Assert.True(Same(bare, Draw(10_000)));
        var everywhere = Draw(null);
        Assert.True((everywhere - bare).abs().max().item<float>() > 1e-3);
        Assert.True((Draw(0) - everywhere).abs().max().item<float>() < 1e-6);
        var early = Draw(500);
        Assert.True((early - bare).abs().max().item<float>() > 1e-4);
        Assert.True((early - everywhere).abs().max().item<float>() > 1e-4);
    }
}
