using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Models.Vae;
using Toolchain.Diffusion.Schedulers;
using Toolchain.Diffusion.TextEncoder;
using Toolchain.Diffusion.Tokenizer;
using Toolchain.Diffusion.Tokenizer.Vocabulary;
using Toolchain.Diffusion.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// A text-to-image diffusion model as one bundle: the UNet, an optional VAE (latent space; without one the
/// UNet diffuses RGB pixels in [-1, 1]), the CLIP text encoder and tokenizer, and the noise schedule. It
/// loads and saves the diffusers folder layout (<c>model_index.json</c>, <c>unet/</c>, <c>vae/</c>,
/// <c>text_encoder/</c>, <c>tokenizer/</c>, <c>scheduler/</c>); saving the same weights gives the same bytes.
/// </summary>
public sealed class TextToImageModel : IDisposable
{
    public const string PipelineClassName = "StableDiffusionPipeline";
    public const string UnetFolder = "unet";
    public const string VaeFolder = "vae";
    public const string TextEncoderFolderName = "text_encoder";
    public const string TokenizerFolder = "tokenizer";
    public const string SchedulerFolderName = "scheduler";

    private readonly string schedulerJson;

    private TextToImageModel(UNet2DConditionModel unet, AutoencoderKL? vae, ClipTextModel textEncoder, TokenizerFiles tokenizerFiles, string schedulerJson, NoiseScheduleConfig noiseSchedule)
    {
        Unet = unet;
        Vae = vae;
        TextEncoder = textEncoder;
        TokenizerFiles = tokenizerFiles;
        Tokenizer = tokenizerFiles.CreateTokenizer();
        this.schedulerJson = schedulerJson;
        NoiseSchedule = noiseSchedule;
        CheckConsistency();
    }

    public UNet2DConditionModel Unet { get; }

    /// <summary>Null for a pixel-space model.</summary>
    public AutoencoderKL? Vae { get; }

    public ClipTextModel TextEncoder { get; }

    public ClipTokenizer Tokenizer { get; }

    public TokenizerFiles TokenizerFiles { get; }

    public NoiseScheduleConfig NoiseSchedule { get; }

    public bool IsLatentSpace => Vae is not null;

    /// <summary>Tokens per prompt: the tokenizer's limit, capped by the text encoder's position table.</summary>
    public int TokenLength => Math.Min(Tokenizer.ModelMaxLength, TextEncoder.Config.MaxPositionEmbeddings);

    /// <summary>How many pixels one UNet sample position covers per side (1 in pixel space).</summary>
    public int DownscaleFactor => Vae is null ? 1 : 1 << (Vae.Config.BlockOutChannels.Count - 1);

    /// <summary>The (C, H, W) of the UNet's samples for images of the given size.</summary>
    public long[] SampleShape(int imageHeight, int imageWidth)
    {
        if (imageHeight % DownscaleFactor != 0 || imageWidth % DownscaleFactor != 0)
        {
            throw new ArgumentException($"image size {imageWidth}x{imageHeight} is not divisible by the VAE's downscale factor {DownscaleFactor}");
        }
        return [Unet.Config.InChannels, imageHeight / DownscaleFactor, imageWidth / DownscaleFactor];
    }

    /// <summary>
    /// A new pixel-space model: UNet with cross-attention at every level below full resolution (full-resolution
    /// attention would dominate the cost, as in <see cref="UNetPresets.TinyCpu"/>), a CLIP-style text encoder
    /// over the embedded CLIP vocabulary, every weight drawn from <paramref name="generator"/>.
    /// </summary>
    public static TextToImageModel CreateFromScratch(ScratchModelSettings settings, Generator generator)
    {
        settings.Validate();
        int levels = settings.BlockOutChannels.Count;
        var down = settings.ResolvedDownBlockTypes.ToList();
        var up = down.AsEnumerable().Reverse()
            .Select(t => t == UNet2DConditionConfig.DownBlock ? UNet2DConditionConfig.UpBlock : UNet2DConditionConfig.CrossAttnUpBlock).ToList();
        var unetConfig = new UNet2DConditionConfig
        {
            SampleSize = settings.Resolution,
            InChannels = 3,
            OutChannels = 3,
            DownBlockTypes = down,
            MidBlockType = UNet2DConditionConfig.CrossAttnMidBlock,
            UpBlockTypes = up,
            BlockOutChannels = settings.BlockOutChannels.ToList(),
            LayersPerBlock = Enumerable.Repeat(settings.LayersPerBlock, levels).ToList(),
            NormNumGroups = settings.NormNumGroups,
            CrossAttentionDim = settings.CrossAttentionDim,
            TransformerLayersPerBlock = Enumerable.Repeat(1, levels).ToList(),
            AttentionHeadDim = Enumerable.Repeat(settings.AttentionHeads, levels).ToList(),
            UseLinearProjection = true,
        };
        var textConfig = new ClipTextConfig
        {
            VocabSize = ClipVocabulary.Size,
            HiddenSize = settings.TextHiddenSize,
            IntermediateSize = 4 * settings.TextHiddenSize,
            NumHiddenLayers = settings.TextLayers,
            NumAttentionHeads = settings.TextHeads,
            MaxPositionEmbeddings = settings.MaxLength,
        };
        var unet = new UNet2DConditionModel(unetConfig, generator);
        var textEncoder = new ClipTextModel(textConfig, generator);
        return new TextToImageModel(unet, null, textEncoder, TokenizerFiles.DefaultClip(settings.MaxLength),
            SchedulerFolder.ConfigJson(settings.NoiseSchedule), settings.NoiseSchedule);
    }

    /// <summary>Loads a diffusers folder; every weight file is matched strictly by key and shape.</summary>
    public static TextToImageModel Load(string folder)
    {
        var checkpoint = DiffusersCheckpoint.Open(folder);
        var unet = checkpoint.LoadUnet();
        var vae = checkpoint.Components.ContainsKey(VaeFolder) ? checkpoint.LoadVae() : null;
        var textEncoder = TextEncoderFolder.Load(checkpoint.ComponentPath(TextEncoderFolderName));
        var tokenizer = TokenizerFiles.Read(checkpoint.ComponentPath(TokenizerFolder));
        string schedulerPath = Path.Combine(checkpoint.ComponentPath(SchedulerFolderName), SchedulerFolder.ConfigFileName);
        var schedule = NoiseScheduleConfig.FromFile(schedulerPath);
        return new TextToImageModel(unet, vae, textEncoder, tokenizer, File.ReadAllText(schedulerPath), schedule);
    }

    /// <summary>Writes the diffusers folder (an existing folder's files of the same names are replaced).</summary>
    public void Save(string folder)
    {
        var components = new List<DiffusersComponentEntry>
        {
            new(SchedulerFolderName, "diffusers", SchedulerFolder.ClassName),
            new(TextEncoderFolderName, "transformers", "CLIPTextModel"),
            new(TokenizerFolder, "transformers", "CLIPTokenizer"),
            new(UnetFolder, "diffusers", UNet2DConditionConfig.ClassName),
        };
        if (Vae is not null)
        {
            components.Add(new(VaeFolder, "diffusers", AutoencoderKLConfig.ClassName));
        }
        DiffusersCheckpoint.WriteModelIndex(folder, PipelineClassName, components);
        DiffusersComponent.Save(Unet, Path.Combine(folder, UnetFolder));
        if (Vae is not null)
        {
            DiffusersComponent.Save(Vae, Path.Combine(folder, VaeFolder));
        }
        TextEncoderFolder.Save(TextEncoder, Path.Combine(folder, TextEncoderFolderName));
        TokenizerFiles.Write(Path.Combine(folder, TokenizerFolder));
        Directory.CreateDirectory(Path.Combine(folder, SchedulerFolderName));
        File.WriteAllText(Path.Combine(folder, SchedulerFolderName, SchedulerFolder.ConfigFileName), schedulerJson);
    }

    /// <summary>Token ids (B, L) of the prompts, padded to <see cref="TokenLength"/>.</summary>
    public Tensor TokenizePrompts(IReadOnlyList<string> prompts) => Tokenizer.EncodeBatch(prompts, TokenLength);

    /// <summary>Text embeddings (B, L, D) the UNet attends to; differentiable when the text encoder trains.</summary>
    public Tensor EncodePrompts(IReadOnlyList<string> prompts)
    {
        using var ids = TokenizePrompts(prompts);
        return TextEncoder.call(ids);
    }

    /// <summary>Images (B, 3, H, W) in [-1, 1] to the space the UNet diffuses in: themselves, or the VAE's scaled posterior mean.</summary>
    public Tensor EncodeImages(Tensor pixels)
    {
        if (Vae is null)
        {
            return pixels.alias();
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var posterior = Vae.Encode(pixels);
        return (posterior.Mean * Vae.Config.ScalingFactor).MoveToOuterDisposeScope();
    }

    /// <summary>The inverse of <see cref="EncodeImages"/>: samples to images in about [-1, 1].</summary>
    public Tensor DecodeLatents(Tensor samples)
    {
        if (Vae is null)
        {
            return samples.alias();
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Vae.Decode(samples / Vae.Config.ScalingFactor).MoveToOuterDisposeScope();
    }

    /// <summary>The UNet as the samplers' noise-prediction delegate.</summary>
    public Tensor PredictNoise(Tensor sample, Tensor timesteps, Tensor encoderHiddenStates) =>
        Unet.call(sample, timesteps, encoderHiddenStates);

    public void Dispose()
    {
        Unet.Dispose();
        Vae?.Dispose();
        TextEncoder.Dispose();
    }

    private void CheckConsistency()
    {
        if (Unet.Config.CrossAttentionDim != TextEncoder.Config.HiddenSize)
        {
            throw new WeightsFormatError($"the UNet's cross_attention_dim ({Unet.Config.CrossAttentionDim}) differs from the text encoder's hidden_size ({TextEncoder.Config.HiddenSize})");
        }
        int expected = Vae?.Config.LatentChannels ?? 3;
        if (Unet.Config.InChannels != expected || Unet.Config.OutChannels != expected)
        {
            throw new WeightsFormatError($"the UNet has {Unet.Config.InChannels} input / {Unet.Config.OutChannels} output channels; {(Vae is null ? "a pixel-space model (no vae/) needs 3" : $"the VAE's latent_channels is {expected}")}");
        }
        if (Tokenizer.VocabularySize > TextEncoder.Config.VocabSize)
        {
            throw new WeightsFormatError($"the tokenizer has {Tokenizer.VocabularySize} tokens but the text encoder's vocab_size is {TextEncoder.Config.VocabSize}");
        }
    }
}
