using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>3x3 convolution (no bias: the norm's shift replaces it), normalisation, optional ReLU.</summary>
public sealed class ConvNormAct : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly Conv2d conv;
    private readonly nn.Module<Tensor, Tensor> norm;
#pragma warning restore IDE1006
    private readonly bool activate;

    public ConvNormAct(BackboneConfig config, long inChannels, long outChannels, long stride, bool activate, Generator generator)
        : base(nameof(ConvNormAct))
    {
        conv = Layers.Conv2d(inChannels, outChannels, 3, stride, 1, bias: false, generator);
        norm = Layers.Norm(config, outChannels);
        this.activate = activate;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = norm.forward(conv.forward(input));
        return (activate ? nn.functional.relu(x) : x).MoveToOuterDisposeScope();
    }
}
