using static TorchSharp.torch;

namespace Toolchain.Vision.Inception;

/// <summary>Mixed_7a: grid reduction 17 -> 8 by a strided 3x3, a 7x7-then-strided-3x3 branch and a max pool.</summary>
public sealed class InceptionD : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly InceptionConv branch3x3_1;
    private readonly InceptionConv branch3x3_2;
    private readonly InceptionConv branch7x7x3_1;
    private readonly InceptionConv branch7x7x3_2;
    private readonly InceptionConv branch7x7x3_3;
    private readonly InceptionConv branch7x7x3_4;
#pragma warning restore IDE1006

    public InceptionD(long inChannels) : base(nameof(InceptionD))
    {
        branch3x3_1 = new InceptionConv(inChannels, 192, 1);
        branch3x3_2 = new InceptionConv(192, 320, 3, stride: 2);
        branch7x7x3_1 = new InceptionConv(inChannels, 192, 1);
        branch7x7x3_2 = new InceptionConv(192, 192, (1, 7), padding: (0, 3));
        branch7x7x3_3 = new InceptionConv(192, 192, (7, 1), padding: (3, 0));
        branch7x7x3_4 = new InceptionConv(192, 192, 3, stride: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return cat([
            branch3x3_2.forward(branch3x3_1.forward(x)),
            branch7x7x3_4.forward(branch7x7x3_3.forward(branch7x7x3_2.forward(branch7x7x3_1.forward(x)))),
            nn.functional.max_pool2d(x, 3, 2),
        ], 1).MoveToOuterDisposeScope();
    }
}
