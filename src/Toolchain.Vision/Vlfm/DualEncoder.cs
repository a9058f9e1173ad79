using Toolchain.Vision.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>
/// CLIP-style vision-language model: image and text encoders into one L2-normalised embedding space and a
/// learnable logit scale (initialised to log(1/0.07), capped at log(100) as CLIP does).
/// </summary>
public sealed class DualEncoder : nn.Module, IFeatureExtractor
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly ImageEncoder image_encoder;
    private readonly TextEncoder text_encoder;
    private readonly Parameter logit_scale;
#pragma warning restore IDE1006

    public static readonly double MaxLogitScale = Math.Log(100.0);

    public DualEncoder(DualEncoderConfig config, Generator generator) : base(nameof(DualEncoder))
    {
        config.Validate();
        Config = config;
        image_encoder = new ImageEncoder(config.ImageBackbone, config.EmbedDim, generator);
        text_encoder = new TextEncoder(config, generator);
        logit_scale = new Parameter(tensor(Math.Log(1 / 0.07), ScalarType.Float32));
        RegisterComponents();
    }

    public DualEncoderConfig Config { get; }

    public long FeatureDim => image_encoder.FeatureChannels;

    /// <summary>The current logit scale exp(logit_scale), capped at 100.</summary>
    public double LogitScale
    {
        get
        {
            using var scale = logit_scale.detach().clamp_max(MaxLogitScale).exp();
            return scale.item<float>();
        }
    }

    /// <summary>L2-normalised (N, EmbedDim) image embeddings, with gradients (for training).</summary>
    public Tensor EncodeImages(Tensor images)
    {
        using var raw = image_encoder.forward(images);
        return nn.functional.normalize(raw, dim: 1);
    }

    /// <summary>L2-normalised (N, EmbedDim) text embeddings of (N, L) int64 ids, with gradients (for training).</summary>
    public Tensor EncodeTexts(Tensor ids)
    {
        using var raw = text_encoder.forward(ids);
        return nn.functional.normalize(raw, dim: 1);
    }

    /// <summary>L2-normalised patch embeddings (N, h, w, EmbedDim), with gradients.</summary>
    public Tensor EncodePatches(Tensor images)
    {
        using var raw = image_encoder.PatchEmbeddings(images);
        return nn.functional.normalize(raw, dim: -1);
    }

    /// <summary>
    /// Patch contributions (N, h, w, EmbedDim): raw patch embeddings divided by the norm of their mean (the raw
    /// image embedding), so their mean is exactly the normalised image embedding and a patch's dot product with
    /// a normalised text embedding is its share of the image-text cosine.
    /// </summary>
    public Tensor EncodePatchContributions(Tensor images)
    {
        using var scope = NewDisposeScope();
        var raw = image_encoder.PatchEmbeddings(images);
        var norm = raw.mean(new long[] { 1, 2 }).norm(1).clamp_min(1e-12).view(-1, 1, 1, 1);
        return (raw / norm).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Normalised image embeddings (N, E) and normalised patch embeddings (N, h, w, E) from one backbone pass,
    /// with gradients. The image embedding is the normalised mean of the raw patch embeddings.
    /// </summary>
    public (Tensor Images, Tensor Patches) EncodeImagesAndPatches(Tensor images)
    {
        using var scope = NewDisposeScope();
        var raw = image_encoder.PatchEmbeddings(images);
        var pooled = nn.functional.normalize(raw.mean(new long[] { 1, 2 }), dim: 1);
        var patches = nn.functional.normalize(raw, dim: -1);
        return (pooled.MoveToOuterDisposeScope(), patches.MoveToOuterDisposeScope());
    }

    /// <summary>Image-to-text logits (N_images, N_texts) = scale * cosine similarity.</summary>
    public Tensor Logits(Tensor imageEmbeddings, Tensor textEmbeddings)
    {
        using var scope = NewDisposeScope();
        var scale = logit_scale.clamp_max(MaxLogitScale).exp();
        return (scale * imageEmbeddings.matmul(textEmbeddings.t())).MoveToOuterDisposeScope();
    }

    /// <summary>Region logits (N_images, N_texts) = scale * max over an image's patches of cosine(patch, text).</summary>
    public Tensor RegionLogits(Tensor patchEmbeddings, Tensor textEmbeddings)
    {
        using var scope = NewDisposeScope();
        var scale = logit_scale.clamp_max(MaxLogitScale).exp();
        var best = patchEmbeddings.flatten(1, 2).matmul(textEmbeddings.t()).amax(new long[] { 1 });
        return (scale * best).MoveToOuterDisposeScope();
    }

    /// <summary>Normalised image embeddings for many images, in evaluation mode without gradients.</summary>
    public Tensor ImageEmbeddings(Tensor images, int batchSize = 64) => Batched.Map(this, images, batchSize, EncodeImages);

    /// <summary>Normalised text embeddings for many token sequences, in evaluation mode without gradients.</summary>
    public Tensor TextEmbeddings(Tensor ids, int batchSize = 256) => Batched.Map(this, ids, batchSize, EncodeTexts);

    /// <summary>Normalised patch embeddings (N, h, w, EmbedDim) for many images, in evaluation mode without gradients.</summary>
    public Tensor PatchEmbeddings(Tensor images, int batchSize = 64) => Batched.Map(this, images, batchSize, EncodePatches);

    /// <summary>Patch contributions (see <see cref="EncodePatchContributions"/>) for many images, in evaluation mode without gradients.</summary>
    public Tensor PatchContributions(Tensor images, int batchSize = 64) => Batched.Map(this, images, batchSize, EncodePatchContributions);

    /// <summary>Pooled image-backbone features (N, C), before the projection.</summary>
    public Tensor Features(Tensor images, int batchSize = 64) => Batched.Map(this, images, batchSize, image_encoder.PooledFeatures);

    public IReadOnlyDictionary<string, Tensor> StateDict() => StateDicts.Of(this);

    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> weights) => StateDicts.Load(this, weights, nameof(DualEncoder));
}
