using TorchSharp;
using Toolchain.Vision.Networks;
using static TorchSharp.torch;

namespace Toolchain.Vision.Lpips;

/// <summary>
/// LPIPS v0.1 with the AlexNet trunk (Zhang et al. 2018, the <c>lpips</c> package's <c>LPIPS(net='alex')</c>): both
/// images are shifted and scaled per channel, passed through AlexNet's five conv+ReLU stages; each stage's features
/// are unit-normalised over channels, their squared difference weighted per channel by a learned 1x1 layer and
/// averaged over space; the distance is the sum over stages. Module and buffer names follow that package's state
/// dict (<c>net.slice1.0.weight</c> ... <c>lin4.model.1.weight</c>), so its weights load as converted.
/// </summary>
public sealed class LpipsAlex : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Smallest image side AlexNet's strides and pools leave at least one position for (31 px).</summary>
    public const int MinimumSize = 31;

    private static readonly long[] Channels = [64, 192, 384, 256, 256];

#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly LpipsScaling scaling_layer;
    private readonly AlexNetStages net;
    private readonly LpipsLinear lin0;
    private readonly LpipsLinear lin1;
    private readonly LpipsLinear lin2;
    private readonly LpipsLinear lin3;
    private readonly LpipsLinear lin4;
#pragma warning restore IDE1006

    public LpipsAlex() : base(nameof(LpipsAlex))
    {
        scaling_layer = new LpipsScaling();
        net = new AlexNetStages();
        lin0 = new LpipsLinear(Channels[0]);
        lin1 = new LpipsLinear(Channels[1]);
        lin2 = new LpipsLinear(Channels[2]);
        lin3 = new LpipsLinear(Channels[3]);
        lin4 = new LpipsLinear(Channels[4]);
        RegisterComponents();
        eval();
    }

    /// <summary>(N) distances between two (N, 3, H, W) batches of images in [-1, 1].</summary>
    public override Tensor forward(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var featuresA = net.Stages(scaling_layer.forward(a));
        var featuresB = net.Stages(scaling_layer.forward(b));
        LpipsLinear[] lins = [lin0, lin1, lin2, lin3, lin4];
        Tensor? total = null;
        for (int k = 0; k < lins.Length; k++)
        {
            var difference = (UnitNormalise(featuresA[k]) - UnitNormalise(featuresB[k])).square();
            var stage = lins[k].forward(difference).mean([1, 2, 3]);
            total = total is null ? stage : total + stage;
        }
        return total!.MoveToOuterDisposeScope();
    }

    /// <summary>Loads the <c>lpips</c> package's state dict; the scaling constants, when the file has them, must be LPIPS v0.1's.</summary>
    public void LoadLpipsWeights(IReadOnlyDictionary<string, Tensor> weights, string what)
    {
        var used = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in StateDicts.Of(this))
        {
            if (name.StartsWith("scaling_layer.", StringComparison.Ordinal))
            {
                if (weights.TryGetValue(name, out var stored) && !allclose(stored.to(tensor.dtype), tensor, rtol: 0, atol: 1e-6))
                {
                    throw new Core.ToolchainError($"{what}: {name} is not LPIPS v0.1's constant; only LPIPS v0.1 (AlexNet) weights are supported");
                }
                used[name] = tensor;
            }
        }
        foreach (var (name, tensor) in weights)
        {
            if (!name.StartsWith("scaling_layer.", StringComparison.Ordinal))
            {
                used[name] = tensor;
            }
        }
        StateDicts.Load(this, used, what);
    }

    private static Tensor UnitNormalise(Tensor features) =>
        features / (features.square().sum(1, keepdim: true).sqrt() + 1e-10);
}
