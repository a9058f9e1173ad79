using System.Text.Json;
using Toolchain.Diffusion.Layers;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.TextEncoder;
using Toolchain.Diffusion.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.TextEncoder;

public class ClipTextModelTests
{
    private static readonly ClipTextConfig Tiny = new()
    {
        VocabSize = 1000,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        MaxPositionEmbeddings = 16,
        EosTokenId = 999,
    };

    private static Tensor Ids(params long[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);

    [Fact]
    public void ParameterNamesAndShapesAreHuggingFaceClipTextModel()
    {
        using var scope = NewDisposeScope();
        var model = new ClipTextModel(Tiny, new Generator(seed: 1));
        var names = model.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        var expected = new Dictionary<string, long[]>
        {
            ["text_model.embeddings.token_embedding.weight"] = [1000, 32],
            ["text_model.embeddings.position_embedding.weight"] = [16, 32],
            ["text_model.final_layer_norm.weight"] = [32],
            ["text_model.final_layer_norm.bias"] = [32],
        };
        for (int i = 0; i < 2; i++)
        {
            var p = $"text_model.encoder.layers.{i}.";
            foreach (var proj in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
            {
                expected[p + $"self_attn.{proj}.weight"] = [32, 32];
                expected[p + $"self_attn.{proj}.bias"] = [32];
            }
            expected[p + "layer_norm1.weight"] = [32];
            expected[p + "layer_norm1.bias"] = [32];
            expected[p + "layer_norm2.weight"] = [32];
            expected[p + "layer_norm2.bias"] = [32];
            expected[p + "mlp.fc1.weight"] = [64, 32];
            expected[p + "mlp.fc1.bias"] = [64];
            expected[p + "mlp.fc2.weight"] = [32, 64];
            expected[p + "mlp.fc2.bias"] = [32];
        }
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), names.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, shape) in expected)
        {
            Assert.Equal(shape, names[key]);
        }
    }

    [Fact]
    public void InitialisesAsTransformers()
    {
        using var scope = NewDisposeScope();
        var model = new ClipTextModel(Tiny with { VocabSize = 20000 }, new Generator(seed: 1));
        var state = model.state_dict();
        Assert.All(state.Values, t => Assert.True(t.isfinite().all().item<bool>()));
        Assert.Equal(0.02, state["text_model.embeddings.token_embedding.weight"].std().item<float>(), 3);
        Assert.True(state["text_model.final_layer_norm.weight"].eq(1).all().item<bool>());
        Assert.True(state["text_model.encoder.layers.0.layer_norm1.bias"].eq(0).all().item<bool>());
        Assert.True(state["text_model.encoder.layers.1.self_attn.q_proj.bias"].eq(0).all().item<bool>());
        // out_proj std = hidden^-0.5; fc1 std = (2 hidden)^-0.5.
        Assert.Equal(Math.Pow(32, -0.5), state["text_model.encoder.layers.0.self_attn.out_proj.weight"].std().item<float>(), 1);
        Assert.Equal(Math.Pow(64, -0.5), state["text_model.encoder.layers.0.mlp.fc1.weight"].std().item<float>(), 1);
    }

    [Fact]
    public void SameGeneratorSeedGivesTheSameModel()
    {
        using var scope = NewDisposeScope();
        var a = new ClipTextModel(Tiny, new Generator(seed: 5));
        var b = new ClipTextModel(Tiny, new Generator(seed: 5));
        var c = new ClipTextModel(Tiny, new Generator(seed: 6));
        var ids = Ids([49 % 1000, 7, 8, 999, 999]);
        Assert.True(a.forward(ids).equal(b.forward(ids)).all().item<bool>());
        Assert.False(a.forward(ids).equal(c.forward(ids)).all().item<bool>());
    }

    [Fact]
    public void LaterTokensDoNotChangeEarlierOutputs()
    {
        using var scope = NewDisposeScope();
        var model = new ClipTextModel(Tiny, new Generator(seed: 2));
        var a = model.forward(Ids([1, 5, 9, 13, 17, 999]));
        var b = model.forward(Ids([1, 5, 9, 400, 17, 999]));
        Assert.Equal(new long[] { 1, 6, 32 }, a.shape);
        Assert.True((a[.., ..3] - b[.., ..3]).abs().max().item<float>() == 0);
        Assert.True((a[.., 3..] - b[.., 3..]).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void MatchesAWrittenOutForwardPass()
    {
        using var scope = NewDisposeScope();
        var model = new ClipTextModel(Tiny, new Generator(seed: 3));
        var w = model.state_dict();
        var ids = Ids([3, 1, 4, 1, 5, 9, 999], [2, 6, 5, 3, 5, 999, 999]);
        long len = ids.shape[1];
        Tensor Lin(Tensor x, string p) => nn.functional.linear(x, w[p + ".weight"], w[p + ".bias"]);
        Tensor Ln(Tensor x, string p) => nn.functional.layer_norm(x, [32], w[p + ".weight"], w[p + ".bias"], 1e-5);
        var h = w["text_model.embeddings.token_embedding.weight"][ids] + w["text_model.embeddings.position_embedding.weight"][..(int)len];
        var mask = full(len, len, float.NegativeInfinity).triu(1);
        for (int i = 0; i < 2; i++)
        {
            var p = $"text_model.encoder.layers.{i}.";
            var x = Ln(h, p + "layer_norm1");
            Tensor Split(Tensor t) => t.view(2, len, 4, 8).transpose(1, 2);
            var q = Split(Lin(x, p + "self_attn.q_proj") * Math.Pow(8, -0.5));
            var k = Split(Lin(x, p + "self_attn.k_proj"));
            var v = Split(Lin(x, p + "self_attn.v_proj"));
            var attn = (q.matmul(k.transpose(-1, -2)) + mask).softmax(-1).matmul(v).transpose(1, 2).reshape(2, len, 32);
            h = h + Lin(attn, p + "self_attn.out_proj");
            var m = Lin(Ln(h, p + "layer_norm2"), p + "mlp.fc1");
            h = h + Lin(m * (1.702 * m).sigmoid(), p + "mlp.fc2");
        }
        var expected = Ln(h, "text_model.final_layer_norm");
        using var output = model.Encode(ids);
        var error = (output.LastHiddenState - expected).abs().max().item<float>();
        Assert.True(error < 1e-5, $"max abs error {error}");
        // Pooled at the end token: position 6 of the first row, 5 of the second (first 999 = argmax / eos).
        var hidden = output.LastHiddenState;
        Assert.True(output.PooledOutput[0].equal(hidden[0, 6]).all().item<bool>());
        Assert.True(output.PooledOutput[1].equal(hidden[1, 5]).all().item<bool>());
    }

    [Fact]
    public void ReadsHuggingFaceConfigAndGeluVariantRuns()
    {
        using var doc = JsonDocument.Parse("""
            {"architectures": ["CLIPTextModel"], "hidden_act": "gelu", "hidden_size": 32, "intermediate_size": 64,
             "num_attention_heads": 4, "num_hidden_layers": 1, "max_position_embeddings": 77, "vocab_size": 1000,
             "layer_norm_eps": 1e-05, "eos_token_id": 2, "projection_dim": 512, "torch_dtype": "float32"}
            """);
        var config = ClipTextConfig.FromJson(doc.RootElement, "config.json");
        Assert.Equal("gelu", config.HiddenAct);
        Assert.Equal(2, config.EosTokenId);
        Assert.Equal(["architectures", "projection_dim", "torch_dtype"], config.IgnoredKeys);
        using var scope = NewDisposeScope();
        var model = new ClipTextModel(config, new Generator(seed: 1));
        Assert.True(model.forward(Ids([5, 6, 999])).isfinite().all().item<bool>());
        using var bad = JsonDocument.Parse("""{"hidden_act": "relu"}""");
        Assert.Contains("hidden_act", Assert.Throws<WeightsFormatError>(() => ClipTextConfig.FromJson(bad.RootElement, "config.json")).Message);
    }

    [Fact]
    public void SurvivesTheScopeItWasBuiltInAndTakesLoraOnProjections()
    {
        ClipTextModel model;
        using (NewDisposeScope())
        {
            model = new ClipTextModel(Tiny, new Generator(seed: 4));
        }
        using var scope = NewDisposeScope();
        Assert.True(model.forward(Ids([1, 2, 3])).isfinite().all().item<bool>());
        using var lora = LoraNetwork.Attach(model, new LoraConfig { TargetModules = ["q_proj", "k_proj", "v_proj", "out_proj"] }, new Generator(seed: 1));
        Assert.Equal(8, lora.Adapters.Count);
        Assert.Contains("text_model.encoder.layers.1.self_attn.out_proj", lora.Adapters.Select(a => a.ModulePath));
        Assert.Equal(8, model.modules().OfType<AdaptableLinear>().Count(l => l.Adapter is not null));
    }
}
