using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using Toolchain.Diffusion.Layers;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>CLIP's causal multi-head self-attention (HF CLIPAttention: q_proj, k_proj, v_proj, out_proj).</summary>
public sealed class ClipAttention : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "q_proj")]
    private readonly AdaptableLinear qProj;
    [ComponentName(Name = "k_proj")]
    private readonly AdaptableLinear kProj;
    [ComponentName(Name = "v_proj")]
    private readonly AdaptableLinear vProj;
    [ComponentName(Name = "out_proj")]
    private readonly AdaptableLinear outProj;
    private readonly int heads;

    public ClipAttention(ClipTextConfig config, Generator generator) : base(nameof(ClipAttention))
    {
        heads = config.NumAttentionHeads;
        int d = config.HiddenSize;
        kProj = new AdaptableLinear(d, d, generator: generator);
        vProj = new AdaptableLinear(d, d, generator: generator);
        qProj = new AdaptableLinear(d, d, generator: generator);
        outProj = new AdaptableLinear(d, d, generator: generator);
        RegisterComponents();
        // transformers' CLIPPreTrainedModel._init_weights: depth-scaled normal weights, zero biases.
        double f = config.InitializerFactor;
        double inStd = Math.Pow(d, -0.5) * Math.Pow(2.0 * config.NumHiddenLayers, -0.5) * f;
        double outStd = Math.Pow(d, -0.5) * f;
        ClipInit.Normal(qProj, inStd, generator);
        ClipInit.Normal(kProj, inStd, generator);
        ClipInit.Normal(vProj, inStd, generator);
        ClipInit.Normal(outProj, outStd, generator);
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        long b = hidden.shape[0], l = hidden.shape[1], d = hidden.shape[2];
        Tensor Heads(Tensor x) => x.view(b, l, heads, d / heads).transpose(1, 2);
        // Each position attends to itself and earlier tokens only (CLIP's causal mask).
        var attended = nn.functional.scaled_dot_product_attention(
            Heads(qProj.forward(hidden)), Heads(kProj.forward(hidden)), Heads(vProj.forward(hidden)), is_casual: true);
        var merged = attended.transpose(1, 2).reshape(b, l, d);
        return outProj.forward(merged).MoveToOuterDisposeScope();
    }
}
