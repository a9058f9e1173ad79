using System.Globalization;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Rl.Policy;

namespace Toolchain.Stages.Sample;

/// <summary>
/// Says when Sample draws refine's adapters differently from the trajectories RL trained them on. Adapters learn
/// the steps they were trained at: gated adapters trained on three large eta-1 steps gained diagnosis agreement
/// there and lost it at twenty eta-0 steps (experiments/rl-options-rl-sampler.yaml against rl-options-gated.yaml).
/// </summary>
public static class RefineSamplerNote
{
    /// <returns>A line for the stage log, or null when Sample draws the way refine trained.</returns>
    public static string? Describe(DdimPolicySettings refine, SamplingSettings sample)
    {
        if (refine.NumSteps == sample.Steps && refine.Eta == sample.Eta && refine.GuidanceScale == sample.GuidanceScale)
        {
            return null;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"refine trained its adapters on {refine.NumSteps}-step trajectories (eta {refine.Eta}, guidance {refine.GuidanceScale}) and they are sampled here with {sample.Steps} steps (eta {sample.Eta}, guidance {sample.GuidanceScale})")
            + ": what RL gained on its own trajectories need not hold on these; sample.num_steps, eta and guidance_scale equal to refine's draw as RL trained";
    }
}
