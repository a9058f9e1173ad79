using static TorchSharp.torch;

namespace Toolchain.Vision.Inception;

/// <summary>
/// Mixed_6b-6e: factorised 7x7 branches (1x7 then 7x1) at 17x17; the FID variant's average pool ignores padding.
/// </summary>
public sealed class InceptionC : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly InceptionConv branch1x1;
    private readonly InceptionConv branch7x7_1;
    private readonly InceptionConv branch7x7_2;
    private readonly InceptionConv branch7x7_3;
    private readonly InceptionConv branch7x7dbl_1;
    private readonly InceptionConv branch7x7dbl_2;
    private readonly InceptionConv branch7x7dbl_3;
    private readonly InceptionConv branch7x7dbl_4;
    private readonly InceptionConv branch7x7dbl_5;
    private readonly InceptionConv branch_pool;
#pragma warning restore IDE1006

    public InceptionC(long inChannels, long channels7x7) : base(nameof(InceptionC))
    {
        long c = channels7x7;
        branch1x1 = new InceptionConv(inChannels, 192, 1);
        branch7x7_1 = new InceptionConv(inChannels, c, 1);
        branch7x7_2 = new InceptionConv(c, c, (1, 7), padding: (0, 3));
        branch7x7_3 = new InceptionConv(c, 192, (7, 1), padding: (3, 0));
        branch7x7dbl_1 = new InceptionConv(inChannels, c, 1);
        branch7x7dbl_2 = new InceptionConv(c, c, (7, 1), padding: (3, 0));
        branch7x7dbl_3 = new InceptionConv(c, c, (1, 7), padding: (0, 3));
        branch7x7dbl_4 = new InceptionConv(c, c, (7, 1), padding: (3, 0));
        branch7x7dbl_5 = new InceptionConv(c, 192, (1, 7), padding: (0, 3));
        branch_pool = new InceptionConv(inChannels, 192, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var branch7x7 = branch7x7_3.forward(branch7x7_2.forward(branch7x7_1.forward(x)));
        var branch7x7dbl = branch7x7dbl_5.forward(branch7x7dbl_4.forward(branch7x7dbl_3.forward(branch7x7dbl_2.forward(branch7x7dbl_1.forward(x)))));
        var pooled = nn.functional.avg_pool2d(x, 3, 1, 1, count_include_pad: false);
        return cat([branch1x1.forward(x), branch7x7, branch7x7dbl, branch_pool.forward(pooled)], 1).MoveToOuterDisposeScope();
    }
}
