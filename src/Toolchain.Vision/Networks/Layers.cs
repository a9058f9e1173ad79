using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>
/// Factories for TorchSharp layers initialised as PyTorch initialises them, but from an explicit generator.
/// TorchSharp's constructors draw from the unseeded global generator, and in 0.107 its GroupNorm (and
/// possibly BatchNorm) affine parameters are left as uninitialised memory, so every parameter is overwritten here.
/// </summary>
public static class Layers
{
    /// <summary>nn.Conv2d: weight and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (kaiming_uniform with a = sqrt(5)).</summary>
    public static Conv2d Conv2d(long inChannels, long outChannels, long kernel, long stride, long padding, bool bias, Generator generator)
    {
        var conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding, bias: bias);
        double bound = 1.0 / Math.Sqrt(inChannels * kernel * kernel);
        using (no_grad())
        {
            conv.weight!.uniform_(-bound, bound, generator: generator);
            conv.bias?.uniform_(-bound, bound, generator: generator);
        }
        return conv;
    }

    /// <summary>nn.Linear: weight and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)).</summary>
    public static Linear Linear(long inFeatures, long outFeatures, bool bias, Generator generator)
    {
        var linear = nn.Linear(inFeatures, outFeatures, hasBias: bias);
        double bound = 1.0 / Math.Sqrt(inFeatures);
        using (no_grad())
        {
            linear.weight!.uniform_(-bound, bound, generator: generator);
            linear.bias?.uniform_(-bound, bound, generator: generator);
        }
        return linear;
    }

    /// <summary>nn.BatchNorm2d: weight 1, bias 0, running mean 0, running variance 1, no batches tracked.</summary>
    public static BatchNorm2d BatchNorm2d(long channels)
    {
        var norm = nn.BatchNorm2d(channels);
        using (no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.fill_(0.0);
            norm.running_mean!.fill_(0.0);
            norm.running_var!.fill_(1.0);
            norm.num_batches_tracked?.fill_(0);
        }
        return norm;
    }

    /// <summary>nn.GroupNorm: weight 1, bias 0.</summary>
    public static GroupNorm GroupNorm(long groups, long channels)
    {
        var norm = nn.GroupNorm(groups, channels);
        using (no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.fill_(0.0);
        }
        return norm;
    }

    /// <summary>nn.LayerNorm: weight 1, bias 0.</summary>
    public static LayerNorm LayerNorm(long features)
    {
        var norm = nn.LayerNorm(features);
        using (no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.fill_(0.0);
        }
        return norm;
    }

    /// <summary>nn.Embedding with the given normal standard deviation (PyTorch uses 1; CLIP uses 0.02 for tokens).</summary>
    public static Embedding Embedding(long count, long dim, double std, Generator generator)
    {
        var embedding = nn.Embedding(count, dim);
        using (no_grad())
        {
            embedding.weight!.normal_(0.0, std, generator: generator);
        }
        return embedding;
    }

    /// <summary>The normalisation a backbone config asks for, over <paramref name="channels"/> channels.</summary>
    public static nn.Module<Tensor, Tensor> Norm(BackboneConfig config, long channels) => config.Norm switch
    {
        NormKind.BatchNorm => BatchNorm2d(channels),
        NormKind.GroupNorm => GroupNorm(config.Groups, channels),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Norm, "unknown norm kind"),
    };
}
