using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Unet;

/// <summary>A down block of the UNet: returns its output and every intermediate state the up path will consume as a skip.</summary>
public abstract class UNetDownBlock(string name) : nn.Module(name)
{
    public abstract Tensor Forward(Tensor hidden, Tensor timeEmbedding, Tensor? context, List<Tensor> skips);
}

/// <summary>An up block of the UNet: consumes skips from the end of the list (last in, first out).</summary>
public abstract class UNetUpBlock(string name) : nn.Module(name)
{
    /// <summary>How many skip states this block consumes (its resnet count).</summary>
    public abstract int SkipCount { get; }

    /// <param name="upsampleSize">Spatial size to upsample to (that of the next block's first skip), or null for x2.</param>
    public abstract Tensor Forward(Tensor hidden, Tensor timeEmbedding, Tensor? context, List<Tensor> skips, long[]? upsampleSize);

    protected static Tensor PopSkip(List<Tensor> skips)
    {
        var skip = skips[^1];
        skips.RemoveAt(skips.Count - 1);
        return skip;
    }
}
