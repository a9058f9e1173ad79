using Toolchain.Vision.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>
/// A backbone whose every feature-map location is linearly projected into the joint space (patch embeddings).
/// The image embedding is their mean, which equals projecting the pooled features, so the global embedding
/// and the patch embeddings live in one space and a phrase can be located among the patches.
/// </summary>
public sealed class ImageEncoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly Backbone backbone;
    private readonly Linear proj;
#pragma warning restore IDE1006

    public ImageEncoder(BackboneConfig backboneConfig, int embedDim, Generator generator) : base(nameof(ImageEncoder))
    {
        backbone = Backbone.Create(backboneConfig, generator);
        proj = Layers.Linear(backbone.FeatureChannels, embedDim, bias: false, generator);
        RegisterComponents();
    }

    public long FeatureChannels => backbone.FeatureChannels;

    /// <summary>Unnormalised (N, EmbedDim) image embeddings.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return proj.forward(backbone.Pooled(images)).MoveToOuterDisposeScope();
    }

    /// <summary>Unnormalised patch embeddings (N, h, w, EmbedDim), one per feature-map location.</summary>
    public Tensor PatchEmbeddings(Tensor images)
    {
        using var scope = NewDisposeScope();
        return proj.forward(backbone.forward(images).permute(0, 2, 3, 1)).MoveToOuterDisposeScope();
    }

    /// <summary>Pooled backbone features (N, C): the penultimate layer.</summary>
    public Tensor PooledFeatures(Tensor images) => backbone.Pooled(images);
}
