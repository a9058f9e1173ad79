using TorchSharp;
using Toolchain.Diffusion.Layers;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Lora;

/// <summary>A two-block attention model with diffusers' projection names (to_q, to_k, to_v, to_out.0) plus an untargeted projection.</summary>
internal sealed class TinyAttentionModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] blocks;
    private readonly AdaptableLinear proj;

    public TinyAttentionModel(int width, Generator generator) : base(nameof(TinyAttentionModel))
    {
        blocks = [new Block(width, generator), new Block(width, generator)];
        register_module("blocks", nn.ModuleList(blocks));
        proj = new AdaptableLinear(width, width, generator: generator);
        register_module("proj", proj);
        register_module("norm", nn.LayerNorm(width));
    }

    public override Tensor forward(Tensor x)
    {
        foreach (var block in blocks)
        {
            x = block.forward(x);
        }
        return proj.forward(x);
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly AdaptableLinear toQ, toK, toV, toOut;

        public Block(int width, Generator generator) : base(nameof(Block))
        {
            toQ = new AdaptableLinear(width, width, hasBias: false, generator: generator);
            toK = new AdaptableLinear(width, width, hasBias: false, generator: generator);
            toV = new AdaptableLinear(width, width, hasBias: false, generator: generator);
            toOut = new AdaptableLinear(width, width, generator: generator);
            register_module("to_q", toQ);
            register_module("to_k", toK);
            register_module("to_v", toV);
            register_module("to_out", nn.ModuleList<nn.Module<Tensor, Tensor>>(toOut, nn.Dropout(0.0)));
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var weights = toQ.forward(x).matmul(toK.forward(x).transpose(-1, -2)).softmax(-1);
            return (x + toOut.forward(weights.matmul(toV.forward(x)))).MoveToOuterDisposeScope();
        }
    }
}
