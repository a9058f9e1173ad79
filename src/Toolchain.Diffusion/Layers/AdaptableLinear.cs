using TorchSharp;
using TorchSharp.Modules;
using Toolchain.Diffusion.Lora;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Layers;

/// <summary>
/// A fully connected layer with the parameter names of <c>torch.nn.Linear</c> (<c>weight</c>, <c>bias</c>),
/// used for every projection a low-rank adapter may target (attention <c>to_q</c>, <c>to_k</c>,
/// <c>to_v</c>, <c>to_out.0</c>, the UNet's feed-forward and <c>time_emb_proj</c>, CLIP <c>q_proj</c>...).
/// Adapters are attached by the LoRA code.
/// Initialised as PyTorch initialises nn.Linear (Kaiming-uniform weight, uniform bias), from an explicit generator.
/// </summary>
public class AdaptableLinear : nn.Module<Tensor, Tensor>
{
    public AdaptableLinear(long inFeatures, long outFeatures, bool hasBias = true, Generator? generator = null)
        : base(nameof(AdaptableLinear))
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        double bound = 1.0 / Math.Sqrt(inFeatures);
        weight = new Parameter(empty(outFeatures, inFeatures));
        using (no_grad())
        {
            // kaiming_uniform_(a=sqrt(5)) reduces to U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
            weight.uniform_(-bound, bound, generator: generator);
        }
        if (hasBias)
        {
            bias = new Parameter(empty(outFeatures));
            using (no_grad())
            {
                bias.uniform_(-bound, bound, generator: generator);
            }
        }
        RegisterComponents();
        // Parameters belong to the module, not to whatever dispose scope the caller built it in.
        weight.DetachFromDisposeScope();
        bias?.DetachFromDisposeScope();
    }

    public long InFeatures { get; }

    public long OutFeatures { get; }

#pragma warning disable IDE1006 // state-dict names must match PyTorch
    public Parameter weight;
    public Parameter? bias;
#pragma warning restore IDE1006

    /// <summary>
    /// The low-rank adapter attached by <see cref="LoraNetwork"/>, if any. It is deliberately not a registered
    /// submodule, so the layer's state dict stays the base model's and adapters are saved separately.
    /// </summary>
    public LoraAdapter? Adapter { get; internal set; }

    public override Tensor forward(Tensor input)
    {
        var output = nn.functional.linear(input, weight, bias);
        if (Adapter is not { IsActive: true } adapter)
        {
            return output;
        }
        using (output)
        {
            using var delta = adapter.Delta(input, training);
            return output + delta;
        }
    }
}
