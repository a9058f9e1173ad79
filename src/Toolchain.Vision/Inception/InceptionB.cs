using static TorchSharp.torch;

namespace Toolchain.Vision.Inception;

/// <summary>Mixed_6a: grid reduction 35 -> 17 by a strided 3x3, a strided double 3x3 and a max pool.</summary>
public sealed class InceptionB : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly InceptionConv branch3x3;
    private readonly InceptionConv branch3x3dbl_1;
    private readonly InceptionConv branch3x3dbl_2;
    private readonly InceptionConv branch3x3dbl_3;
#pragma warning restore IDE1006

    public InceptionB(long inChannels) : base(nameof(InceptionB))
    {
        branch3x3 = new InceptionConv(inChannels, 384, 3, stride: 2);
        branch3x3dbl_1 = new InceptionConv(inChannels, 64, 1);
        branch3x3dbl_2 = new InceptionConv(64, 96, 3, padding: 1);
        branch3x3dbl_3 = new InceptionConv(96, 96, 3, stride: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return cat([
            branch3x3.forward(x),
            branch3x3dbl_3.forward(branch3x3dbl_2.forward(branch3x3dbl_1.forward(x))),
            nn.functional.max_pool2d(x, 3, 2),
        ], 1).MoveToOuterDisposeScope();
    }
}
