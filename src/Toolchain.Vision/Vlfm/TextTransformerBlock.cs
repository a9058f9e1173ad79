using Toolchain.Vision.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>Pre-norm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)) with a 4x GELU MLP.</summary>
public sealed class TextTransformerBlock : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly LayerNorm ln_1;
    private readonly TextSelfAttention self_attn;
    private readonly LayerNorm ln_2;
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006

    public TextTransformerBlock(int width, int heads, Generator generator) : base(nameof(TextTransformerBlock))
    {
        ln_1 = Layers.LayerNorm(width);
        self_attn = new TextSelfAttention(width, heads, generator);
        ln_2 = Layers.LayerNorm(width);
        fc1 = Layers.Linear(width, 4 * width, bias: true, generator);
        fc2 = Layers.Linear(4 * width, width, bias: true, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var x = input + self_attn.forward(ln_1.forward(input), mask);
        x = x + fc2.forward(nn.functional.gelu(fc1.forward(ln_2.forward(x))));
        return x.MoveToOuterDisposeScope();
    }
}
