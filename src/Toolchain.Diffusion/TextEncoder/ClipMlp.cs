using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using Toolchain.Diffusion.Layers;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>CLIP's feed-forward block: fc1, quick-GELU (or exact GELU), fc2.</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "fc1")]
    private readonly AdaptableLinear fc1;
    [ComponentName(Name = "fc2")]
    private readonly AdaptableLinear fc2;
    private readonly bool quickGelu;

    public ClipMlp(ClipTextConfig config, Generator generator) : base(nameof(ClipMlp))
    {
        quickGelu = config.HiddenAct == "quick_gelu";
        fc1 = new AdaptableLinear(config.HiddenSize, config.IntermediateSize, generator: generator);
        fc2 = new AdaptableLinear(config.IntermediateSize, config.HiddenSize, generator: generator);
        RegisterComponents();
        double f = config.InitializerFactor;
        ClipInit.Normal(fc1, Math.Pow(2.0 * config.HiddenSize, -0.5) * f, generator);
        ClipInit.Normal(fc2, Math.Pow(config.HiddenSize, -0.5) * Math.Pow(2.0 * config.NumHiddenLayers, -0.5) * f, generator);
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var h = fc1.forward(hidden);
        // quick_gelu: x * sigmoid(1.702 x), the approximation OpenAI CLIP was trained with.
        h = quickGelu ? h * (1.702 * h).sigmoid() : nn.functional.gelu(h);
        return fc2.forward(h).MoveToOuterDisposeScope();
    }
}
