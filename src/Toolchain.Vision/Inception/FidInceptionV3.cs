using Toolchain.Vision.Networks;
using static TorchSharp.torch;

namespace Toolchain.Vision.Inception;

/// <summary>
/// The Inception-v3 network FID is defined on (TensorFlow's 2015-12-05 graph as pytorch-fid ports it): images are
/// resized bilinearly to 299x299 and the 2048-d output of the final average pool is the feature. Module names follow
/// torchvision's Inception3, so the state dict of pytorch-fid's <c>pt_inception-2015-12-05</c> weights loads as is
/// (its 1008-way <c>fc</c> classifier is not needed and is skipped). Only real FID weights make this FID.
/// </summary>
public sealed class FidInceptionV3 : nn.Module<Tensor, Tensor>, IFeatureExtractor
{
    public const int InputSize = 299;

#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly InceptionConv Conv2d_1a_3x3;
    private readonly InceptionConv Conv2d_2a_3x3;
    private readonly InceptionConv Conv2d_2b_3x3;
    private readonly InceptionConv Conv2d_3b_1x1;
    private readonly InceptionConv Conv2d_4a_3x3;
    private readonly InceptionA Mixed_5b;
    private readonly InceptionA Mixed_5c;
    private readonly InceptionA Mixed_5d;
    private readonly InceptionB Mixed_6a;
    private readonly InceptionC Mixed_6b;
    private readonly InceptionC Mixed_6c;
    private readonly InceptionC Mixed_6d;
    private readonly InceptionC Mixed_6e;
    private readonly InceptionD Mixed_7a;
    private readonly InceptionE Mixed_7b;
    private readonly InceptionE Mixed_7c;
#pragma warning restore IDE1006

    public FidInceptionV3() : base(nameof(FidInceptionV3))
    {
        Conv2d_1a_3x3 = new InceptionConv(3, 32, 3, stride: 2);
        Conv2d_2a_3x3 = new InceptionConv(32, 32, 3);
        Conv2d_2b_3x3 = new InceptionConv(32, 64, 3, padding: 1);
        Conv2d_3b_1x1 = new InceptionConv(64, 80, 1);
        Conv2d_4a_3x3 = new InceptionConv(80, 192, 3);
        Mixed_5b = new InceptionA(192, 32);
        Mixed_5c = new InceptionA(256, 64);
        Mixed_5d = new InceptionA(288, 64);
        Mixed_6a = new InceptionB(288);
        Mixed_6b = new InceptionC(768, 128);
        Mixed_6c = new InceptionC(768, 160);
        Mixed_6d = new InceptionC(768, 160);
        Mixed_6e = new InceptionC(768, 192);
        Mixed_7a = new InceptionD(768);
        Mixed_7b = new InceptionE(1280, maxPool: false);
        Mixed_7c = new InceptionE(2048, maxPool: true);
        RegisterComponents();
        eval();
    }

    public long FeatureDim => 2048;

    /// <summary>(N, 2048) pool features of (N, 3, H, W) images in [-1, 1] (any size; resized to 299x299 here).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        // pytorch-fid resizes [0, 1] images and then maps them to [-1, 1]; bilinear resizing is affine-invariant,
        // so resizing the [-1, 1] images directly gives the same input.
        var x = nn.functional.interpolate(images, size: [InputSize, InputSize], mode: InterpolationMode.Bilinear, align_corners: false);
        x = Conv2d_2b_3x3.forward(Conv2d_2a_3x3.forward(Conv2d_1a_3x3.forward(x)));
        x = nn.functional.max_pool2d(x, 3, 2);
        x = Conv2d_4a_3x3.forward(Conv2d_3b_1x1.forward(x));
        x = nn.functional.max_pool2d(x, 3, 2);
        x = Mixed_5d.forward(Mixed_5c.forward(Mixed_5b.forward(x)));
        x = Mixed_6e.forward(Mixed_6d.forward(Mixed_6c.forward(Mixed_6b.forward(Mixed_6a.forward(x)))));
        x = Mixed_7c.forward(Mixed_7b.forward(Mixed_7a.forward(x)));
        return x.mean([2, 3]).MoveToOuterDisposeScope();
    }

    public Tensor Features(Tensor images, int batchSize = 64) => Batched.Map(this, images, batchSize, forward);

    /// <summary>
    /// Loads pytorch-fid's state dict: its <c>fc</c> classifier is skipped, and batch-norm <c>num_batches_tracked</c>
    /// counters (training bookkeeping, unused in evaluation) are taken from the file when present. Everything else
    /// must match exactly.
    /// </summary>
    public void LoadFidWeights(IReadOnlyDictionary<string, Tensor> weights, string what)
    {
        var own = StateDicts.Of(this);
        var used = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in weights)
        {
            if (!name.StartsWith("fc.", StringComparison.Ordinal))
            {
                used[name] = tensor;
            }
        }
        foreach (var (name, tensor) in own)
        {
            if (name.EndsWith(".num_batches_tracked", StringComparison.Ordinal) && !used.ContainsKey(name))
            {
                used[name] = tensor;
            }
        }
        StateDicts.Load(this, used, what);
    }
}
