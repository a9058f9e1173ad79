using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using Toolchain.Diffusion.Layers;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Lora;

/// <summary>A two-block attention model with diffusers' projection names (to_q, to_k, to_v, to_out.0) plus an untargeted projection.</summary>
internal sealed class TinyAttentionModel : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "blocks")]
    private readonly ModuleList<Block> blocks;
    [ComponentName(Name = "proj")]
    private readonly AdaptableLinear proj;
    [ComponentName(Name = "norm")]
    private readonly LayerNorm norm;

    public TinyAttentionModel(int width, Generator generator) : base(nameof(TinyAttentionModel))
    {
        blocks = nn.ModuleList(new Block(width, generator), new Block(width, generator));
        proj = new AdaptableLinear(width, width, generator: generator);
        norm = nn.LayerNorm(width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        foreach (var block in blocks)
        {
            x = block.forward(x);
        }
        return proj.forward(norm.forward(x));
    }

    internal sealed class Block : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "to_q")]
        private readonly AdaptableLinear toQ;
        [ComponentName(Name = "to_k")]
        private readonly AdaptableLinear toK;
        [ComponentName(Name = "to_v")]
        private readonly AdaptableLinear toV;
        [ComponentName(Name = "to_out")]
        private readonly ModuleList<nn.Module<Tensor, Tensor>> toOut;

        public Block(int width, Generator generator) : base(nameof(Block))
        {
            toQ = new AdaptableLinear(width, width, hasBias: false, generator: generator);
            toK = new AdaptableLinear(width, width, hasBias: false, generator: generator);
            toV = new AdaptableLinear(width, width, hasBias: false, generator: generator);
            toOut = nn.ModuleList<nn.Module<Tensor, Tensor>>(new AdaptableLinear(width, width, generator: generator), nn.Dropout(0.0));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var weights = toQ.forward(x).matmul(toK.forward(x).transpose(-1, -2)).softmax(-1);
            return (x + toOut[1].forward(toOut[0].forward(weights.matmul(toV.forward(x))))).MoveToOuterDisposeScope();
        }
    }
}
