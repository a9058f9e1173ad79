using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.TextEncoder;
using Toolchain.Diffusion.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.Tests.Refine;

/// <summary>
/// Writes a finetune <c>model/</c> folder in the contract's diffusers layout with a randomly initialised 8x8
/// pixel UNet, a one-layer CLIP text encoder and the real CLIP tokenizer, small enough for RL in seconds.
/// </summary>
public static class TinyFinetuneModel
{
    public const int TextWidth = 16;

    public static UNet2DConditionConfig Unet { get; } = UNetPresets.TinyCpu with
    {
        SampleSize = 8,
        DownBlockTypes = [UNet2DConditionConfig.DownBlock, UNet2DConditionConfig.CrossAttnDownBlock],
        UpBlockTypes = [UNet2DConditionConfig.CrossAttnUpBlock, UNet2DConditionConfig.UpBlock],
        BlockOutChannels = [16, 32],
        LayersPerBlock = [1, 1],
        NormNumGroups = 8,
        CrossAttentionDim = TextWidth,
        TransformerLayersPerBlock = [1, 1],
        AttentionHeadDim = [2, 2],
    };

    /// <summary>Writes the folder and returns the finetune outputs folder that holds it (<c>outputs/model/</c>).</summary>
    public static string Write(string finetuneOutputs, ulong seed = 1)
    {
        string root = Path.Combine(finetuneOutputs, "model");
        using var generator = new Generator(seed);
        using (var unet = new UNet2DConditionModel(Unet, generator))
        {
            DiffusersComponent.Save(unet, Path.Combine(root, "unet"));
        }

        string text = Path.Combine(root, "text_encoder");
        Directory.CreateDirectory(text);
        File.WriteAllText(Path.Combine(text, "config.json"), $$"""
            {"architectures": ["CLIPTextModel"], "vocab_size": 49408, "hidden_size": {{TextWidth}}, "intermediate_size": 32,
             "num_hidden_layers": 1, "num_attention_heads": 2, "max_position_embeddings": 16, "hidden_act": "quick_gelu"}
            """);
        using (var encoder = new ClipTextModel(ClipTextConfig.FromFile(Path.Combine(text, "config.json")), generator))
        {
            StateDictLoader.Save(encoder, Path.Combine(text, "model.safetensors"));
        }

        string tokenizer = Path.Combine(root, "tokenizer");
        Directory.CreateDirectory(tokenizer);
        string fixtures = Path.Combine(SpecWorkspace.RepositoryRoot, "..", "shared", "fixtures", "clip-tokenizer");
        foreach (var file in new[] { "vocab.json", "merges.txt" })
        {
            File.Copy(Path.Combine(fixtures, file), Path.Combine(tokenizer, file));
        }
        File.WriteAllText(Path.Combine(tokenizer, "tokenizer_config.json"), """{"model_max_length": 16}""");

        string scheduler = Path.Combine(root, "scheduler");
        Directory.CreateDirectory(scheduler);
        File.WriteAllText(Path.Combine(scheduler, "scheduler_config.json"), """
            {"_class_name": "DDIMScheduler", "num_train_timesteps": 1000, "beta_start": 0.0001, "beta_end": 0.02,
             "beta_schedule": "linear", "prediction_type": "epsilon", "clip_sample": false, "set_alpha_to_one": false, "steps_offset": 1}
            """);

        DiffusersCheckpoint.WriteModelIndex(root, "StableDiffusionPipeline",
        [
            new("unet", "diffusers", "UNet2DConditionModel"),
            new("text_encoder", "transformers", "CLIPTextModel"),
            new("tokenizer", "transformers", "CLIPTokenizer"),
            new("scheduler", "diffusers", "DDIMScheduler"),
        ]);
        return finetuneOutputs;
    }
}
