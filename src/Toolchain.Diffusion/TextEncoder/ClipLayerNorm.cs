using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>A LayerNorm initialised to the identity (weight 1, bias 0), owned by its module rather than the caller's dispose scope.</summary>
internal static class ClipLayerNorm
{
    public static LayerNorm Create(ClipTextConfig config)
    {
        var norm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        using (no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.zero_();
        }
        norm.weight!.DetachFromDisposeScope();
        norm.bias!.DetachFromDisposeScope();
        return norm;
    }
}
