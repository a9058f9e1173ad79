using Toolchain.Diffusion.Checkpoints;

namespace Toolchain.Stages.Experiments;

/// <summary>
/// The judge's verdict on the FineTune model sampled with refine's own sampler (<paramref name="Sampling"/>: the
/// trajectories RL scores and learns from), to set beside the curves, which sample the way Evaluate does.
/// </summary>
public sealed record SamplerCheck(string Arm, SamplingSettings Sampling, double Apr, double DiagnosisAgreement);
