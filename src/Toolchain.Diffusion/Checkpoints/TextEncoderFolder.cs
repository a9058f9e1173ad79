using Toolchain.Diffusion.Runtime;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Toolchain.Diffusion.TextEncoder;
using Toolchain.Diffusion.Weights;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// A diffusers <c>text_encoder/</c> folder in the transformers layout: <c>config.json</c> (CLIPTextConfig) and
/// <c>model.safetensors</c>. Loading is strict except for the <c>position_ids</c> buffer older transformers
/// versions saved (it holds 0..n-1, which the model computes); saving writes parameters only, as current
/// transformers does, byte-deterministically.
/// </summary>
public static class TextEncoderFolder
{
    public const string ConfigFileName = "config.json";
    public const string WeightsFileName = "model.safetensors";

    /// <summary>The transformers release whose CLIPTextModel layout is written.</summary>
    public const string TransformersVersion = "4.36.2";

    public static ClipTextModel Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new WeightsFormatError($"{folder}: text encoder folder not found");
        }
        var config = ClipTextConfig.FromFile(Path.Combine(folder, ConfigFileName));
        string path = Path.Combine(folder, WeightsFileName);
        if (!File.Exists(path))
        {
            throw new WeightsFormatError($"{path}: not found; only safetensors text encoder weights are loaded");
        }
        var model = new ClipTextModel(config, ComputeDevice.Generator(0));
        using var file = SafetensorsFile.Open(path);
        LoadStrict(model, file);
        return model;
    }

    public static void Save(ClipTextModel model, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ConfigFileName), ConfigJson(model.Config));
        StateDictLoader.Save(model, Path.Combine(folder, WeightsFileName));
    }

    /// <summary>config.json as transformers writes a CLIPTextConfig (sorted keys here, so bytes are fixed).</summary>
    public static string ConfigJson(ClipTextConfig c)
    {
        var fields = new SortedDictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal)
        {
            ["architectures"] = w => { w.WriteStartArray(); w.WriteStringValue("CLIPTextModel"); w.WriteEndArray(); },
            ["attention_dropout"] = w => w.WriteNumberValue(0.0),
            ["bos_token_id"] = w => w.WriteNumberValue(49406),
            ["dropout"] = w => w.WriteNumberValue(0.0),
            ["eos_token_id"] = w => w.WriteNumberValue(c.EosTokenId),
            ["hidden_act"] = w => w.WriteStringValue(c.HiddenAct),
            ["hidden_size"] = w => w.WriteNumberValue(c.HiddenSize),
            ["initializer_factor"] = w => w.WriteNumberValue(c.InitializerFactor),
            ["initializer_range"] = w => w.WriteNumberValue(0.02),
            ["intermediate_size"] = w => w.WriteNumberValue(c.IntermediateSize),
            ["layer_norm_eps"] = w => w.WriteNumberValue(c.LayerNormEps),
            ["max_position_embeddings"] = w => w.WriteNumberValue(c.MaxPositionEmbeddings),
            ["model_type"] = w => w.WriteStringValue("clip_text_model"),
            ["num_attention_heads"] = w => w.WriteNumberValue(c.NumAttentionHeads),
            ["num_hidden_layers"] = w => w.WriteNumberValue(c.NumHiddenLayers),
            ["pad_token_id"] = w => w.WriteNumberValue(1),
            ["torch_dtype"] = w => w.WriteStringValue("float32"),
            ["transformers_version"] = w => w.WriteStringValue(TransformersVersion),
            ["vocab_size"] = w => w.WriteNumberValue(c.VocabSize),
        };
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (name, write) in fields)
            {
                writer.WritePropertyName(name);
                write(writer);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static void LoadStrict(ClipTextModel model, SafetensorsFile file)
    {
        var target = model.state_dict();
        var keys = file.Names.Where(n => !ClipTextModel.NonParameterCheckpointKeys.Contains(n)).ToList();
        var missing = target.Keys.Where(k => !file.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = keys.Where(k => !target.ContainsKey(k)).ToList();
        var wrongShape = keys.Where(target.ContainsKey)
            .Where(k => !file.Entry(k).Shape.SequenceEqual(target[k].shape))
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} (file [{string.Join(", ", file.Entry(k).Shape)}], model [{string.Join(", ", target[k].shape)}])"))
            .ToList();
        if (missing.Count + unexpected.Count + wrongShape.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"{missing.Count} missing from the file: {string.Join(", ", missing.Take(StateDictLoader.MaxListedKeys))}");
            if (unexpected.Count > 0) problems.Add($"{unexpected.Count} unexpected (not in the model): {string.Join(", ", unexpected.Take(StateDictLoader.MaxListedKeys))}");
            if (wrongShape.Count > 0) problems.Add($"{wrongShape.Count} with the wrong shape: {string.Join(", ", wrongShape.Take(StateDictLoader.MaxListedKeys))}");
            throw new WeightsFormatError($"{file.Path}: does not match CLIPTextModel ({target.Count} tensors expected):\n  " + string.Join("\n  ", problems));
        }
        using var noGrad = no_grad();
        foreach (var key in keys)
        {
            using var stored = file.Read(key);
            var parameter = target[key];
            using var converted = stored.to(parameter.dtype, parameter.device);
            parameter.copy_(converted);
        }
    }
}
