using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Training;

/// <summary>
/// An exponential moving average of trained parameters, as diffusers' <c>EMAModel</c> keeps it without its
/// power warm-up: after optimizer step n (1-based) the decay is min(max_decay, (1 + s) / (10 + s)) with
/// s = n - 1, and shadow -= (1 - decay) (shadow - parameter). The shadow starts as a copy of the parameters,
/// so early steps follow the model closely and later ones average over about 1 / (1 - max_decay) steps.
/// </summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly IReadOnlyList<Parameter> parameters;
    private readonly List<Tensor> shadow;

    public ExponentialMovingAverage(IReadOnlyList<Parameter> parameters, double maxDecay)
    {
        if (!(maxDecay >= 0 && maxDecay < 1)) throw new ArgumentOutOfRangeException(nameof(maxDecay), "decay must be in [0, 1)");
        this.parameters = parameters;
        MaxDecay = maxDecay;
        using var noGrad = no_grad();
        shadow = parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToList();
    }

    public double MaxDecay { get; }

    /// <summary>The averaged tensors, in the parameters' order (checkpoints save and restore them).</summary>
    public IReadOnlyList<Tensor> Shadow => shadow;

    /// <summary>The decay applied after optimizer step <paramref name="stepsTaken"/> (1-based).</summary>
    public double DecayAt(long stepsTaken)
    {
        long s = Math.Max(0, stepsTaken - 1);
        return Math.Min(MaxDecay, (1.0 + s) / (10.0 + s));
    }

    /// <summary>Moves the average towards the current parameters, after optimizer step <paramref name="stepsTaken"/>.</summary>
    public void Update(long stepsTaken)
    {
        double oneMinusDecay = 1.0 - DecayAt(stepsTaken);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int i = 0; i < shadow.Count; i++)
        {
            shadow[i].sub_((shadow[i] - parameters[i]).mul_(oneMinusDecay));
        }
    }

    /// <summary>Overwrites the parameters with the average (done once training ends, before saving).</summary>
    public void CopyToParameters()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < shadow.Count; i++)
        {
            parameters[i].copy_(shadow[i]);
        }
    }

    public void Dispose()
    {
        foreach (var t in shadow) t.Dispose();
    }
}
