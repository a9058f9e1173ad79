using Toolchain.Diffusion.Runtime;
using Toolchain.Core;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Schedulers;
using Toolchain.Diffusion.TextEncoder;
using Toolchain.Diffusion.Tokenizer;
using Toolchain.Diffusion.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.Refine;

/// <summary>
/// The parts of finetune's <c>model/</c> folder RL needs: the UNet, the frozen text encoder and its tokenizer,
/// and the training noise schedule. Pixel-space models only: refine samples images directly.
/// </summary>
/// <remarks>Reads the diffusers layout with the engine's loaders; to be replaced by the shared TextToImageModel bundle.</remarks>
public sealed class FinetunedModel : IDisposable
{
    private FinetunedModel(UNet2DConditionModel unet, ClipTextModel textEncoder, ClipTokenizer tokenizer, NoiseScheduleConfig schedule)
    {
        Unet = unet;
        TextEncoder = textEncoder;
        Tokenizer = tokenizer;
        Schedule = schedule;
    }

    public UNet2DConditionModel Unet { get; }

    public ClipTextModel TextEncoder { get; }

    public ClipTokenizer Tokenizer { get; }

    public NoiseScheduleConfig Schedule { get; }

    public static FinetunedModel Load(string folder)
    {
        var checkpoint = DiffusersCheckpoint.Open(folder);
        if (checkpoint.Components.ContainsKey("vae"))
        {
            throw new ToolchainError($"{folder}: a latent-space model (it has a VAE); refine trains pixel-space models only", exitCode: 2);
        }
        var unet = checkpoint.LoadUnet();
        string textFolder = checkpoint.ComponentPath("text_encoder");
        var textEncoder = new ClipTextModel(ClipTextConfig.FromFile(Path.Combine(textFolder, "config.json")), ComputeDevice.Generator(0));
        using (var weights = SafetensorsFile.Open(Path.Combine(textFolder, "model.safetensors")))
        {
            StateDictLoader.Load(textEncoder, weights);
        }
        textEncoder.eval();
        var tokenizer = ClipTokenizer.FromFolder(checkpoint.ComponentPath("tokenizer"));
        var schedule = NoiseScheduleConfig.FromFile(Path.Combine(checkpoint.ComponentPath("scheduler"), "scheduler_config.json"));
        return new FinetunedModel(unet, textEncoder, tokenizer, schedule);
    }

    /// <summary>(N, L, D) last hidden states of the prompts, padded to the tokenizer's length, without gradients.</summary>
    public Tensor EncodePrompts(IReadOnlyList<string> prompts)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = Tokenizer.EncodeBatch(prompts);
        return TextEncoder.forward(ids).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Unet.Dispose();
        TextEncoder.Dispose();
    }
}
