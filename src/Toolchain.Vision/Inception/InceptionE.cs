using static TorchSharp.torch;

namespace Toolchain.Vision.Inception;

/// <summary>
/// Mixed_7b and 7c: 1x1, split 3x3 (1x3 and 3x1 side by side) and double-3x3 branches at 8x8. The FID network
/// pools differently in the two blocks: 7b averages without counting padding, 7c takes the maximum (as the
/// TensorFlow graph the FID weights come from does).
/// </summary>
public sealed class InceptionE : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly InceptionConv branch1x1;
    private readonly InceptionConv branch3x3_1;
    private readonly InceptionConv branch3x3_2a;
    private readonly InceptionConv branch3x3_2b;
    private readonly InceptionConv branch3x3dbl_1;
    private readonly InceptionConv branch3x3dbl_2;
    private readonly InceptionConv branch3x3dbl_3a;
    private readonly InceptionConv branch3x3dbl_3b;
    private readonly InceptionConv branch_pool;
#pragma warning restore IDE1006
    private readonly bool maxPool;

    public InceptionE(long inChannels, bool maxPool) : base(nameof(InceptionE))
    {
        branch1x1 = new InceptionConv(inChannels, 320, 1);
        branch3x3_1 = new InceptionConv(inChannels, 384, 1);
        branch3x3_2a = new InceptionConv(384, 384, (1, 3), padding: (0, 1));
        branch3x3_2b = new InceptionConv(384, 384, (3, 1), padding: (1, 0));
        branch3x3dbl_1 = new InceptionConv(inChannels, 448, 1);
        branch3x3dbl_2 = new InceptionConv(448, 384, 3, padding: 1);
        branch3x3dbl_3a = new InceptionConv(384, 384, (1, 3), padding: (0, 1));
        branch3x3dbl_3b = new InceptionConv(384, 384, (3, 1), padding: (1, 0));
        branch_pool = new InceptionConv(inChannels, 192, 1);
        this.maxPool = maxPool;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var split = branch3x3_1.forward(x);
        var branch3x3 = cat([branch3x3_2a.forward(split), branch3x3_2b.forward(split)], 1);
        var dbl = branch3x3dbl_2.forward(branch3x3dbl_1.forward(x));
        var branch3x3dbl = cat([branch3x3dbl_3a.forward(dbl), branch3x3dbl_3b.forward(dbl)], 1);
        var pooled = maxPool
            ? nn.functional.max_pool2d(x, 3, 1, 1)
            : nn.functional.avg_pool2d(x, 3, 1, 1, count_include_pad: false);
        return cat([branch1x1.forward(x), branch3x3, branch3x3dbl, branch_pool.forward(pooled)], 1).MoveToOuterDisposeScope();
    }
}
