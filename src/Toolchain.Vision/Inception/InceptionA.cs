using static TorchSharp.torch;

namespace Toolchain.Vision.Inception;

/// <summary>
/// Mixed_5b-5d: 1x1, 5x5 and double-3x3 branches plus an average-pool branch. The FID variant's pool ignores
/// the zero padding (TensorFlow's average pool), unlike torchvision's.
/// </summary>
public sealed class InceptionA : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly InceptionConv branch1x1;
    private readonly InceptionConv branch5x5_1;
    private readonly InceptionConv branch5x5_2;
    private readonly InceptionConv branch3x3dbl_1;
    private readonly InceptionConv branch3x3dbl_2;
    private readonly InceptionConv branch3x3dbl_3;
    private readonly InceptionConv branch_pool;
#pragma warning restore IDE1006

    public InceptionA(long inChannels, long poolFeatures) : base(nameof(InceptionA))
    {
        branch1x1 = new InceptionConv(inChannels, 64, 1);
        branch5x5_1 = new InceptionConv(inChannels, 48, 1);
        branch5x5_2 = new InceptionConv(48, 64, 5, padding: 2);
        branch3x3dbl_1 = new InceptionConv(inChannels, 64, 1);
        branch3x3dbl_2 = new InceptionConv(64, 96, 3, padding: 1);
        branch3x3dbl_3 = new InceptionConv(96, 96, 3, padding: 1);
        branch_pool = new InceptionConv(inChannels, poolFeatures, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pooled = nn.functional.avg_pool2d(x, 3, 1, 1, count_include_pad: false);
        return cat([
            branch1x1.forward(x),
            branch5x5_2.forward(branch5x5_1.forward(x)),
            branch3x3dbl_3.forward(branch3x3dbl_2.forward(branch3x3dbl_1.forward(x))),
            branch_pool.forward(pooled),
        ], 1).MoveToOuterDisposeScope();
    }
}
