using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Lpips;

/// <summary>
/// One stage's learned weights: a 1x1 convolution to one channel without bias, stored as <c>model.1.weight</c>
/// (the package puts a dropout at <c>model.0</c>, which evaluation skips).
/// </summary>
public sealed class LpipsLinear : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly Sequential model;
#pragma warning restore IDE1006

    public LpipsLinear(long channels) : base(nameof(LpipsLinear))
    {
        model = nn.Sequential(("0", nn.Dropout()), ("1", nn.Conv2d(channels, 1, 1, bias: false)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => model.forward(input);
}
