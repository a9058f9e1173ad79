using Toolchain.Core;
using Toolchain.Diffusion.Layers;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Runtime;
using Toolchain.Diffusion.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Lora;

public class LoraNetworkTests
{
    private static (TinyAttentionModel Model, Tensor Input) Setup()
    {
        var model = new TinyAttentionModel(8, new Generator(seed: 1));
        model.eval();
        return (model, randn([2, 5, 8], generator: new Generator(seed: 2)));
    }

    private static void Perturb(LoraNetwork lora, ulong seed)
    {
        var gen = new Generator(seed: seed);
        using (no_grad())
        {
            foreach (var a in lora.Adapters)
            {
                a.B.copy_(randn(a.B.shape, generator: gen) * 0.1);
            }
        }
    }

    private static bool Same(Tensor a, Tensor b) => a.equal(b).all().item<bool>();

    private static float MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [Fact]
    public void TargetsAttentionProjectionsWithDiffusersKeys()
    {
        using var scope = NewDisposeScope();
        var (model, _) = Setup();
        using var lora = LoraNetwork.Attach(model, new LoraConfig(), new Generator(seed: 3));
        Assert.Equal(
            new[] { "blocks.0.to_k", "blocks.0.to_out.0", "blocks.0.to_q", "blocks.0.to_v", "blocks.1.to_k", "blocks.1.to_out.0", "blocks.1.to_q", "blocks.1.to_v" },
            lora.Adapters.Select(a => a.ModulePath));
        var keys = lora.StateDict().Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(16, keys.Count);
        Assert.Contains("unet.blocks.0.to_q.lora_A.weight", keys);
        Assert.Contains("unet.blocks.1.to_out.0.lora_B.weight", keys);
        Assert.DoesNotContain(keys, k => k.Contains("proj"));
        Assert.Equal(new long[] { 4, 8 }, lora.Adapters[0].A.shape);
        Assert.Equal(new long[] { 8, 4 }, lora.Adapters[0].B.shape);
    }

    [Fact]
    public void FreshAdapterLeavesOutputUnchangedAndBaseStateDictClean()
    {
        using var scope = NewDisposeScope();
        var (model, x) = Setup();
        var baseline = model.forward(x);
        var baseKeys = model.state_dict().Keys.ToList();
        using var lora = LoraNetwork.Attach(model, new LoraConfig(), new Generator(seed: 3));
        Assert.True(Same(baseline, model.forward(x)));
        Assert.Equal(baseKeys, model.state_dict().Keys.ToList());
    }

    [Fact]
    public void DisabledIsExactlyTheBaseModel()
    {
        using var scope = NewDisposeScope();
        var (model, x) = Setup();
        var baseline = model.forward(x);
        using var lora = LoraNetwork.Attach(model, new LoraConfig { Rank = 2, Alpha = 8 }, new Generator(seed: 3));
        Perturb(lora, 4);
        var adapted = model.forward(x);
        Assert.True(MaxDiff(adapted, baseline) > 1e-3);
        using (lora.Disabled())
        {
            Assert.True(Same(baseline, model.forward(x)));
        }
        Assert.True(Same(adapted, model.forward(x)));
    }

    [Fact]
    public void MergeMatchesAdaptedOutputAndUnmergeRestoresWeights()
    {
        using var scope = NewDisposeScope();
        var (model, x) = Setup();
        var originalWeights = model.parameters().Select(p => p.detach().clone()).ToList();
        using var lora = LoraNetwork.Attach(model, new LoraConfig { Rank = 4, Alpha = 2 }, new Generator(seed: 3));
        Perturb(lora, 5);
        var adapted = model.forward(x);
        lora.Merge();
        Assert.True(lora.IsMerged);
        Assert.True(MaxDiff(adapted, model.forward(x)) < 1e-5);
        Assert.Throws<InvalidOperationException>(() => lora.Enabled = false);
        lora.Unmerge();
        foreach (var (p, original) in model.parameters().Zip(originalWeights))
        {
            Assert.True(MaxDiff(p, original) < 1e-6);
        }
        Assert.True(MaxDiff(adapted, model.forward(x)) < 1e-6);
    }

    [Fact]
    public void OnlyAdapterParametersTrain()
    {
        using var scope = NewDisposeScope();
        var (model, x) = Setup();
        var lora = LoraNetwork.Attach(model, new LoraConfig(), new Generator(seed: 3));
        Assert.All(model.parameters(), p => Assert.False(p.requires_grad));
        var trainable = lora.Parameters().ToList();
        Assert.Equal(16, trainable.Count);
        Assert.All(trainable, p => Assert.True(p.requires_grad));
        Assert.Equal(8 * (4 * 8 + 8 * 4), lora.ParameterCount);

        model.forward(x).pow(2).mean().backward();
        Assert.All(model.parameters(), p => Assert.True(p.grad is null));
        Assert.Contains(lora.Adapters, a => a.B.grad is { } g && g.abs().sum().item<float>() > 0);

        lora.Dispose();
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.All(model.modules().OfType<AdaptableLinear>(), l => Assert.Null(l.Adapter));
    }

    [Fact]
    public void AdaptersOutliveTheScopeTheyWereCreatedIn()
    {
        var (model, x) = Setup();
        LoraNetwork lora;
        using (NewDisposeScope())
        {
            lora = LoraNetwork.Attach(model, new LoraConfig(), new Generator(seed: 3));
        }
        using var scope = NewDisposeScope();
        Perturb(lora, 6);
        Assert.True(float.IsFinite(model.forward(x).sum().item<float>()));
        lora.Dispose();
    }

    [Theory]
    [InlineData(4, 4.0)]
    [InlineData(4, 16.0)]
    public void SaveLoadRoundTrip(int rank, double alpha)
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"lora-{Guid.NewGuid():N}.safetensors");
        try
        {
            var (model, x) = Setup();
            var config = new LoraConfig { Rank = rank, Alpha = alpha };
            using var lora = LoraNetwork.Attach(model, config, new Generator(seed: 3));
            Perturb(lora, 7);
            var adapted = model.forward(x);
            lora.Save(path);

            using (var file = SafetensorsFile.Open(path))
            {
                Assert.Equal(alpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture), file.Metadata["lora_alpha"]);
                // diffusers' own key beside ours: the PEFT config it builds the adapters from, scale 1 (B carries alpha / rank).
                var peft = System.Text.Json.Nodes.JsonNode.Parse(file.Metadata[LoraNetwork.DiffusersMetadataKey])!.AsObject();
                Assert.Equal(rank, peft["unet.r"]!.GetValue<int>());
                Assert.Equal(rank, peft["unet.lora_alpha"]!.GetValue<int>());
                Assert.Equal(config.TargetModules, peft["unet.target_modules"]!.AsArray().Select(t => t!.GetValue<string>()));
                Assert.Equal(["unet.bias", "unet.lora_alpha", "unet.lora_dropout", "unet.r", "unet.target_modules", "unet.use_dora"], peft.Select(p => p.Key));
                // The stored B carries the scale, so diffusers (alpha = rank on load) computes the same update.
                var stored = file.Read("unet.blocks.0.to_q.lora_B.weight");
                Assert.True(MaxDiff(stored, lora.Adapters.Single(a => a.ModulePath == "blocks.0.to_q").B * config.Scale) < 1e-6);
            }

            var (fresh, _) = Setup();
            using var loaded = LoraNetwork.Attach(fresh, config, new Generator(seed: 99));
            loaded.Load(path);
            var reloaded = fresh.forward(x);
            if (alpha == rank)
            {
                Assert.True(Same(adapted, reloaded));
            }
            else
            {
                Assert.True(MaxDiff(adapted, reloaded) < 1e-6);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AttachSavedTakesRankAlphaAndTargetsFromTheFile()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"lora-{Guid.NewGuid():N}.safetensors");
        var bare = Path.Combine(Path.GetTempPath(), $"lora-{Guid.NewGuid():N}.safetensors");
        try
        {
            var (model, x) = Setup();
            var config = new LoraConfig { Rank = 2, Alpha = 8, TargetModules = ["to_q", "to_v"] };
            Tensor adapted;
            using (var lora = LoraNetwork.Attach(model, config, new Generator(seed: 3)))
            {
                Perturb(lora, 5);
                adapted = model.forward(x);
                lora.Save(path);
                SafetensorsWriter.Save(bare, lora.StateDict());
            }

            var (fresh, _) = Setup();
            using (var attached = LoraNetwork.AttachSaved(fresh, path))
            {
                Assert.Equal((2, 8.0), (attached.Config.Rank, attached.Config.Alpha));
                Assert.Equal(["to_q", "to_v"], attached.Config.TargetModules);
                Assert.True(MaxDiff(adapted, fresh.forward(x)) < 1e-6);
            }

            // A file without the metadata cannot say how to attach it; the failed attach leaves the model bare.
            var error = Assert.Throws<WeightsFormatError>(() => LoraNetwork.AttachSaved(fresh, bare));
            Assert.Contains("lora_rank", error.Message);
            using var attachedAgain = LoraNetwork.AttachSaved(fresh, path);
        }
        finally
        {
            File.Delete(path);
            File.Delete(bare);
        }
    }

    [Fact]
    public void LoadIsStrictAboutKeysAndShapes()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"lora-{Guid.NewGuid():N}.safetensors");
        try
        {
            var (model, _) = Setup();
            using var lora = LoraNetwork.Attach(model, new LoraConfig(), new Generator(seed: 3));
            var state = lora.StateDict();
            state.Remove("unet.blocks.1.to_v.lora_A.weight");
            state["unet.blocks.1.extra.lora_A.weight"] = zeros(4, 8);
            state["unet.blocks.0.to_q.lora_A.weight"] = zeros(2, 8);
            SafetensorsWriter.Save(path, state);
            var error = Assert.Throws<WeightsFormatError>(() => lora.Load(path));
            Assert.Contains("missing (1): unet.blocks.1.to_v.lora_A.weight", error.Message);
            Assert.Contains("unexpected (1): unet.blocks.1.extra.lora_A.weight", error.Message);
            Assert.Contains("unet.blocks.0.to_q.lora_A.weight: file [2, 8], model [4, 8]", error.Message);
            Assert.Throws<WeightsFormatError>(() => lora.Load(path, prefix: "text_encoder"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnetFeedForwardAndTimeEmbeddingProjectionsCanCarryAdapters()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(seed: 4);
        var unet = new UNet2DConditionModel(UNetPresets.TinyCpu, g);
        unet.eval();
        var sample = randn([2, 3, 16, 16], generator: g);
        var context = randn([2, 5, 64], generator: g);
        var timesteps = tensor(new long[] { 10, 900 });
        using var noGrad = no_grad();
        var baseline = unet.forward(sample, timesteps, context);
        var baseKeys = unet.state_dict().Keys.ToList();

        using var lora = LoraNetwork.Attach(unet, new LoraConfig { TargetModules = ["ff.net.0.proj", "ff.net.2", "time_emb_proj"] }, new Generator(seed: 3));

        var paths = lora.Adapters.Select(a => a.ModulePath).ToList();
        Assert.Contains(paths, p => p.EndsWith(".ff.net.0.proj", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.EndsWith(".ff.net.2", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.EndsWith(".time_emb_proj", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.Contains("to_q"));
        Assert.Equal(baseKeys, unet.state_dict().Keys.ToList());
        Assert.True(Same(baseline, unet.forward(sample, timesteps, context)));
        Perturb(lora, 5);
        Assert.True(MaxDiff(baseline, unet.forward(sample, timesteps, context)) > 1e-4f);
    }

    [Fact]
    public void GatedAdaptersActOnlyOnRowsAtOrAboveTheirFirstTimestep()
    {
        EngineEnvironment.Configure(2);
        using var scope = NewDisposeScope();
        var g = new Generator(seed: 4);
        var unet = new UNet2DConditionModel(UNetPresets.TinyCpu, g);
        unet.eval();
        var sample = randn([4, 3, 16, 16], generator: g);
        var context = randn([4, 5, 64], generator: g);
        var mixed = tensor(new long[] { 900, 100, 400, 399 });
        using var noGrad = no_grad();
        var baseline = unet.forward(sample, mixed, context);
        using var lora = LoraNetwork.Attach(unet, new LoraConfig { MinTimestep = 400 }, new Generator(seed: 3));
        Perturb(lora, 5);
        var adapted = unet.forward(sample, mixed, context);
        Func<Tensor, Tensor, Tensor, Tensor> predict = (x, t, c) => unet.forward(x, t, c);

        var gated = lora.Gated(predict)(sample, mixed, context);

        // Rows at t >= 400 are the adapted model's, rows below it the base model's, whatever the batch mixes.
        var acting = new[] { 0L, 2L };
        var plain = new[] { 1L, 3L };
        Assert.True(MaxDiff(gated.index_select(0, tensor(acting)), adapted.index_select(0, tensor(acting))) < 1e-5f);
        Assert.True(MaxDiff(gated.index_select(0, tensor(plain)), baseline.index_select(0, tensor(plain))) < 1e-5f);
        Assert.True(MaxDiff(adapted.index_select(0, tensor(plain)), baseline.index_select(0, tensor(plain))) > 1e-4f);
        Assert.True(lora.Enabled);
        // Batches on one side of the gate (the samplers' case) take a single pass.
        var below = full([4], 399L);
        var at = full([4], 400L);
        Tensor baseBelow;
        using (lora.Disabled())
        {
            baseBelow = unet.forward(sample, below, context);
        }
        Assert.True(Same(baseBelow, lora.Gated(predict)(sample, below, context)));
        Assert.True(Same(unet.forward(sample, at, context), lora.Gated(predict)(sample, at, context)));
        Assert.Throws<InvalidOperationException>(() => lora.Merge());
    }

    [Fact]
    public void GatedAdaptersCarryTheGradientOfTheirRowsOnly()
    {
        using var scope = NewDisposeScope();
        var (model, x) = Setup();
        using var lora = LoraNetwork.Attach(model, new LoraConfig { MinTimestep = 10 }, new Generator(seed: 3));
        Perturb(lora, 5);
        Func<Tensor, Tensor, Tensor, Tensor> predict = (sample, _, _) => model.forward(sample);
        var context = zeros(2, 1);

        Assert.False(lora.Gated(predict)(x, tensor(new long[] { 9, 9 }), context).requires_grad);

        // The gradient of a mixed batch is that of its acting row alone.
        lora.Gated(predict)(x, tensor(new long[] { 10, 9 }), context).pow(2).sum().backward();
        var mixed = lora.Adapters.Select(a => a.B.grad!.clone()).ToList();
        foreach (var a in lora.Adapters)
        {
            a.A.grad?.zero_();
            a.B.grad!.zero_();
        }
        model.forward(x.narrow(0, 0, 1)).pow(2).sum().backward();
        Assert.Contains(mixed, g => g.abs().sum().item<float>() > 0);
        Assert.All(lora.Adapters.Zip(mixed), pair => Assert.True(MaxDiff(pair.First.B.grad!, pair.Second) < 1e-6f));
    }

    [Fact]
    public void GateIsSavedInTheFileAndAbsentFromUngatedFiles()
    {
        using var scope = NewDisposeScope();
        var gatedPath = Path.Combine(Path.GetTempPath(), $"lora-{Guid.NewGuid():N}.safetensors");
        var plainPath = Path.Combine(Path.GetTempPath(), $"lora-{Guid.NewGuid():N}.safetensors");
        try
        {
            var (model, _) = Setup();
            using (var lora = LoraNetwork.Attach(model, new LoraConfig { MinTimestep = 601 }, new Generator(seed: 3)))
            {
                lora.Save(gatedPath);
            }
            using (var lora = LoraNetwork.Attach(model, new LoraConfig(), new Generator(seed: 3)))
            {
                lora.Save(plainPath);
            }
            using (var file = SafetensorsFile.Open(plainPath))
            {
                Assert.False(file.Metadata.ContainsKey("min_timestep"));
            }
            using (var attached = LoraNetwork.AttachSaved(model, gatedPath))
            {
                Assert.Equal(601, attached.Config.MinTimestep);
                Assert.False(attached.Config.ActsAt(600));
                Assert.True(attached.Config.ActsAt(601));
            }
            using (var attached = LoraNetwork.AttachSaved(model, plainPath))
            {
                Assert.Null(attached.Config.MinTimestep);
                Assert.True(attached.Config.ActsAt(0));
            }

            // A gate that is not a whole number is refused, naming the file and the key.
            Dictionary<string, string> metadata;
            Dictionary<string, Tensor> tensors;
            using (var file = SafetensorsFile.Open(gatedPath))
            {
                metadata = new Dictionary<string, string>(file.Metadata) { ["min_timestep"] = "-400" };
                tensors = file.ReadAll();
            }
            SafetensorsWriter.Save(gatedPath, tensors, metadata);
            var error = Assert.Throws<WeightsFormatError>(() => LoraNetwork.AttachSaved(model, gatedPath));
            Assert.Contains(gatedPath, error.Message);
            Assert.Contains("'min_timestep' is '-400'", error.Message);
        }
        finally
        {
            File.Delete(gatedPath);
            File.Delete(plainPath);
        }
    }

    [Fact]
    public void BadTargetsAreUserErrors()
    {
        using var scope = NewDisposeScope();
        var (model, _) = Setup();
        var none = Assert.Throws<ToolchainError>(() => LoraNetwork.Attach(model, new LoraConfig { TargetModules = ["to_nothing"] }, new Generator(seed: 1)));
        Assert.Contains("to_nothing", none.Message);
        var norm = Assert.Throws<ToolchainError>(() => LoraNetwork.Attach(model, new LoraConfig { TargetModules = ["norm"] }, new Generator(seed: 1)));
        Assert.Contains("'norm'", norm.Message);
    }

    [Fact]
    public void DropoutIsReproducibleFromTheGenerator()
    {
        using var scope = NewDisposeScope();
        Tensor Run()
        {
            var (model, x) = Setup();
            using var lora = LoraNetwork.Attach(model, new LoraConfig { Dropout = 0.5 }, new Generator(seed: 3));
            Perturb(lora, 8);
            model.train();
            var y = model.forward(x).detach().clone();
            model.eval();
            return y;
        }
        Assert.True(Same(Run(), Run()));
    }
}
