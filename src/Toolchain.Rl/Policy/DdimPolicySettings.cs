namespace Toolchain.Rl.Policy;

/// <summary>
/// What makes the sampler a fixed stochastic policy: the DDIM step count, the classifier-free guidance
/// scale and eta (&gt; 0, so every step is a Gaussian with a log-density).
/// </summary>
public sealed record DdimPolicySettings(int NumSteps, double GuidanceScale, double Eta)
{
    public void Validate()
    {
        if (NumSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NumSteps), $"the policy needs at least one DDIM step, got {NumSteps}");
        }
        if (!(Eta > 0) || double.IsInfinity(Eta))
        {
            throw new ArgumentOutOfRangeException(nameof(Eta), $"eta must be positive and finite (eta 0 has no log-probability), got {Eta}");
        }
        if (!(GuidanceScale >= 0) || double.IsInfinity(GuidanceScale))
        {
            throw new ArgumentOutOfRangeException(nameof(GuidanceScale), $"the guidance scale must be finite and >= 0, got {GuidanceScale}");
        }
    }
}
