using Toolchain.Diffusion.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>
/// Builds the standard layers initialised exactly as PyTorch's constructors do, but drawing from an
/// explicit generator so a model trained from scratch is reproducible. It also works around
/// TorchSharp 0.107's GroupNorm, which leaves weight and bias uninitialised (garbage, even NaN).
/// </summary>
public static class LayerFactory
{
    /// <summary>nn.Conv2d: weight and bias uniform in ±1/sqrt(fan_in) (kaiming_uniform_ with a = sqrt(5)).</summary>
    public static Conv2d Conv2d(Generator generator, long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0)
    {
        var conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding);
        double bound = 1.0 / Math.Sqrt(inChannels * kernelSize * kernelSize);
        using (no_grad())
        {
            conv.weight!.uniform_(-bound, bound, generator: generator);
            conv.bias!.uniform_(-bound, bound, generator: generator);
        }
        return conv;
    }

    /// <summary>nn.Linear with PyTorch's initialisation, for layers no adapter should attach to.</summary>
    public static Linear Linear(Generator generator, long inFeatures, long outFeatures, bool hasBias = true)
    {
        var linear = nn.Linear(inFeatures, outFeatures, hasBias: hasBias);
        double bound = 1.0 / Math.Sqrt(inFeatures);
        using (no_grad())
        {
            linear.weight!.uniform_(-bound, bound, generator: generator);
            linear.bias?.uniform_(-bound, bound, generator: generator);
        }
        return linear;
    }

    /// <summary>
    /// A projection LoRA may target: attention to_q/to_k/to_v/to_out.0, feed-forward ff.net.0.proj / ff.net.2,
    /// time_emb_proj and linear proj_in/proj_out. Same initialisation and state-dict names as <see cref="Linear"/>.
    /// </summary>
    public static AdaptableLinear Projection(Generator generator, long inFeatures, long outFeatures, bool hasBias) =>
        new(inFeatures, outFeatures, hasBias, generator);

    /// <summary>nn.GroupNorm with affine weight = 1, bias = 0, set explicitly (TorchSharp leaves them empty).</summary>
    public static GroupNorm GroupNorm(long groups, long channels, double eps)
    {
        if (channels % groups != 0)
        {
            throw new ArgumentException($"GroupNorm: {channels} channels are not divisible into {groups} groups");
        }
        var norm = nn.GroupNorm(groups, channels, eps, affine: true);
        using (no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.zero_();
        }
        return norm;
    }

    /// <summary>nn.LayerNorm with weight = 1, bias = 0, set explicitly rather than trusted.</summary>
    public static LayerNorm LayerNorm(long features, double eps)
    {
        var norm = nn.LayerNorm(features, eps, elementwise_affine: true);
        using (no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.zero_();
        }
        return norm;
    }
}
