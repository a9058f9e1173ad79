using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Lpips;

/// <summary>
/// torchvision's AlexNet <c>features</c> cut after each ReLU into the five slices LPIPS taps; layer indices inside
/// the slices are torchvision's (<c>slice2.3</c> is <c>features.3</c>), which is how the <c>lpips</c> package names them.
/// </summary>
public sealed class AlexNetStages : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly Sequential slice1;
    private readonly Sequential slice2;
    private readonly Sequential slice3;
    private readonly Sequential slice4;
    private readonly Sequential slice5;
#pragma warning restore IDE1006

    public AlexNetStages() : base(nameof(AlexNetStages))
    {
        slice1 = nn.Sequential(("0", nn.Conv2d(3, 64, 11, stride: 4, padding: 2)), ("1", nn.ReLU()));
        slice2 = nn.Sequential(("2", nn.MaxPool2d(3, 2)), ("3", nn.Conv2d(64, 192, 5, padding: 2)), ("4", nn.ReLU()));
        slice3 = nn.Sequential(("5", nn.MaxPool2d(3, 2)), ("6", nn.Conv2d(192, 384, 3, padding: 1)), ("7", nn.ReLU()));
        slice4 = nn.Sequential(("8", nn.Conv2d(384, 256, 3, padding: 1)), ("9", nn.ReLU()));
        slice5 = nn.Sequential(("10", nn.Conv2d(256, 256, 3, padding: 1)), ("11", nn.ReLU()));
        RegisterComponents();
    }

    /// <summary>The five stages' outputs for one batch.</summary>
    public Tensor[] Stages(Tensor input)
    {
        var h1 = slice1.forward(input);
        var h2 = slice2.forward(h1);
        var h3 = slice3.forward(h2);
        var h4 = slice4.forward(h3);
        var h5 = slice5.forward(h4);
        return [h1, h2, h3, h4, h5];
    }

    public override Tensor forward(Tensor input) => Stages(input)[^1];
}
