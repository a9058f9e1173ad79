using TorchSharp;
using Toolchain.Diffusion.Layers;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>transformers' CLIP initialisation helpers, drawing from an explicit generator.</summary>
internal static class ClipInit
{
    public static void Normal(AdaptableLinear linear, double std, Generator generator)
    {
        using (no_grad())
        {
            linear.weight.normal_(0, std, generator: generator);
            linear.bias?.zero_();
        }
    }

    public static void Normal(Tensor weight, double std, Generator generator)
    {
        using (no_grad())
        {
            weight.normal_(0, std, generator: generator);
        }
    }
}
