using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Inception;

/// <summary>
/// torchvision's BasicConv2d: convolution without bias, batch norm (eps 0.001, as TensorFlow's Inception), ReLU.
/// State-dict keys: <c>conv.weight</c>, <c>bn.weight</c>, <c>bn.bias</c>, <c>bn.running_mean</c>, <c>bn.running_var</c>.
/// </summary>
public sealed class InceptionConv : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
#pragma warning restore IDE1006

    public InceptionConv(long inChannels, long outChannels, (long H, long W) kernel, long stride = 1, (long H, long W) padding = default)
        : base(nameof(InceptionConv))
    {
        conv = nn.Conv2d(inChannels, outChannels, (kernel.H, kernel.W), stride: (stride, stride), padding: (padding.H, padding.W), bias: false);
        bn = nn.BatchNorm2d(outChannels, eps: 0.001);
        RegisterComponents();
    }

    public InceptionConv(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0)
        : this(inChannels, outChannels, (kernel, kernel), stride, (padding, padding))
    {
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return nn.functional.relu(bn.forward(conv.forward(input))).MoveToOuterDisposeScope();
    }
}
