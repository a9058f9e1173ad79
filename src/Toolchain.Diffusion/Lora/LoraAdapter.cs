using TorchSharp;
using TorchSharp.Modules;
using Toolchain.Diffusion.Layers;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Lora;

/// <summary>
/// One low-rank update of an <see cref="AdaptableLinear"/>: y = W x + b + scale * B A dropout(x), with
/// A (rank, in) Kaiming-uniform and B (out, rank) zero as PEFT initialises them, so a fresh adapter leaves the
/// layer's output unchanged. Created and owned by <see cref="LoraNetwork"/>.
/// </summary>
public sealed class LoraAdapter : IDisposable
{
    private readonly AdaptableLinear host;
    private readonly Generator generator;

    internal LoraAdapter(string modulePath, AdaptableLinear host, LoraConfig config, Generator generator)
    {
        ModulePath = modulePath;
        this.host = host;
        this.generator = generator;
        Rank = config.Rank;
        Scale = config.Scale;
        Dropout = config.Dropout;
        A = new Parameter(empty(Rank, host.InFeatures, dtype: host.weight.dtype, device: host.weight.device));
        B = new Parameter(zeros(host.OutFeatures, Rank, dtype: host.weight.dtype, device: host.weight.device));
        // Adapters live as long as the network, not as long as the caller's dispose scope.
        A.DetachFromDisposeScope();
        B.DetachFromDisposeScope();
        using (no_grad())
        {
            // kaiming_uniform_(a=sqrt(5)) on a (rank, in) matrix: U(-1/sqrt(in), 1/sqrt(in)).
            double bound = 1.0 / Math.Sqrt(host.InFeatures);
            A.uniform_(-bound, bound, generator: generator);
        }
    }

    /// <summary>Dotted path of the adapted layer in its model (e.g. <c>down_blocks.0.attentions.0...attn1.to_q</c>).</summary>
    public string ModulePath { get; }

    public int Rank { get; }

    public double Scale { get; }

    public double Dropout { get; }

    /// <summary>lora_A.weight, (rank, in_features).</summary>
    public Parameter A { get; }

    /// <summary>lora_B.weight, (out_features, rank).</summary>
    public Parameter B { get; }

    public bool Enabled { get; internal set; } = true;

    public bool IsMerged { get; private set; }

    /// <summary>Whether the forward pass adds the low-rank term (enabled and not already merged into W).</summary>
    public bool IsActive => Enabled && !IsMerged;

    /// <summary>scale * B A dropout(x); dropout only while training, with masks from the network's generator.</summary>
    public Tensor Delta(Tensor input, bool training)
    {
        using var scope = NewDisposeScope();
        var x = input;
        if (training && Dropout > 0)
        {
            var keep = rand(input.shape, dtype: input.dtype, device: input.device, generator: generator).ge(Dropout);
            x = input * keep / (1 - Dropout);
        }
        var delta = nn.functional.linear(nn.functional.linear(x, A), B) * Scale;
        return delta.MoveToOuterDisposeScope();
    }

    /// <summary>scale * B A, the change this adapter makes to the layer's weight.</summary>
    public Tensor DeltaWeight()
    {
        using var scope = NewDisposeScope();
        return (B.matmul(A) * Scale).MoveToOuterDisposeScope();
    }

    internal void Merge()
    {
        if (IsMerged)
        {
            return;
        }
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            host.weight.add_(DeltaWeight());
        }
        IsMerged = true;
    }

    internal void Unmerge()
    {
        if (!IsMerged)
        {
            return;
        }
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            host.weight.sub_(DeltaWeight());
        }
        IsMerged = false;
    }

    internal void DetachFromHost()
    {
        Unmerge();
        if (ReferenceEquals(host.Adapter, this))
        {
            host.Adapter = null;
        }
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
