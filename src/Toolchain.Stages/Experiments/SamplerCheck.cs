using Toolchain.Diffusion.Checkpoints;

namespace Toolchain.Stages.Experiments;

/// <summary>
/// The judge's verdict on the FineTune model sampled with refine's own sampler (<paramref name="Sampling"/>: the
/// trajectories RL scores and learns from), to set beside the curves, which sample the way the Sample stage does
/// (<paramref name="CurveSampling"/>).
/// </summary>
public sealed record SamplerCheck(string Arm, SamplingSettings Sampling, SamplingSettings CurveSampling, double Apr, double DiagnosisAgreement)
{
    /// <summary>The curves already draw with refine's sampler, so this check repeats their first point.</summary>
    public bool CurvesSampleAlike => Sampling == CurveSampling;
}
