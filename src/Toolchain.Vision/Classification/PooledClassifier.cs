using Toolchain.Vision.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Classification;

/// <summary>A backbone, global average pooling and one linear layer producing logits; the pooled vector is the feature.</summary>
public abstract class PooledClassifier : nn.Module<Tensor, Tensor>, IFeatureExtractor
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly Backbone backbone;
    private readonly Linear head;
#pragma warning restore IDE1006

    protected PooledClassifier(string name, BackboneConfig backboneConfig, int outputs, Generator generator) : base(name)
    {
        backbone = Backbone.Create(backboneConfig, generator);
        head = Layers.Linear(backbone.FeatureChannels, outputs, bias: true, generator);
        RegisterComponents();
    }

    public long FeatureDim => backbone.FeatureChannels;

    /// <summary>Logits (N, outputs) for (N, 3, H, W) images in [-1, 1].</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return head.forward(backbone.Pooled(images)).MoveToOuterDisposeScope();
    }

    public Tensor Features(Tensor images, int batchSize = 64) => Batched.Map(this, images, batchSize, backbone.Pooled);

    /// <summary>Logits for many images, in evaluation mode and without gradients.</summary>
    public Tensor Logits(Tensor images, int batchSize = 64) => Batched.Map(this, images, batchSize, forward);

    /// <summary>Parameters and buffers by dotted name (live tensors; persist them with the engine's safetensors writer).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict() => StateDicts.Of(this);

    /// <summary>Loads weights, failing with a clear message on any missing/unexpected key or shape mismatch.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> weights) => StateDicts.Load(this, weights, GetName());

    internal static float[][] Rows(Tensor matrix)
    {
        using var cpu = matrix.detach().cpu().to_type(ScalarType.Float32).contiguous();
        long n = cpu.shape[0], k = cpu.shape[1];
        var flat = cpu.data<float>().ToArray();
        var rows = new float[n][];
        for (long i = 0; i < n; i++)
        {
            rows[i] = flat.AsSpan((int)(i * k), (int)k).ToArray();
        }
        return rows;
    }
}
