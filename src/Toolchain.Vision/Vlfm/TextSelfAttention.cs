using Toolchain.Vision.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>Multi-head self-attention with separate q/k/v/out projections (CLIP text-model names) and an additive mask.</summary>
public sealed class TextSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear out_proj;
#pragma warning restore IDE1006
    private readonly int heads;

    public TextSelfAttention(int width, int heads, Generator generator) : base(nameof(TextSelfAttention))
    {
        this.heads = heads;
        q_proj = Layers.Linear(width, width, bias: true, generator);
        k_proj = Layers.Linear(width, width, bias: true, generator);
        v_proj = Layers.Linear(width, width, bias: true, generator);
        out_proj = Layers.Linear(width, width, bias: true, generator);
        RegisterComponents();
    }

    /// <param name="input">(N, L, W) token states.</param>
    /// <param name="mask">(N, 1, L, L) additive mask: 0 where a query may attend to a key, -inf elsewhere.</param>
    public override Tensor forward(Tensor input, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long n = input.shape[0], length = input.shape[1], width = input.shape[2];
        long headDim = width / heads;
        Tensor Split(Tensor x) => x.view(n, length, heads, headDim).transpose(1, 2);
        var q = Split(q_proj.forward(input));
        var k = Split(k_proj.forward(input));
        var v = Split(v_proj.forward(input));
        var weights = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(headDim) + mask).softmax(-1);
        var merged = weights.matmul(v).transpose(1, 2).reshape(n, length, width);
        return out_proj.forward(merged).MoveToOuterDisposeScope();
    }
}
