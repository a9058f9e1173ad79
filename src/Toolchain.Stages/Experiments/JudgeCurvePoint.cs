namespace Toolchain.Stages.Experiments;

/// <summary>
/// The judge's verdict on one arm's adapters after <paramref name="Epoch"/> epochs (0: the FineTune model alone):
/// APR and diagnosis agreement over <paramref name="Images"/> images, the Frechet distance of their judge features
/// to real images', and the RL reward the arm saw in that epoch.
/// </summary>
public sealed record JudgeCurvePoint(string Arm, int Epoch, long SamplesSeen, double? RewardMean, double Apr, double DiagnosisAgreement, int Images,
    double FrechetJudgeFeatures = double.NaN)
{
    /// <summary>Binomial standard error of the APR: how far two points may differ by the choice of images alone.</summary>
    public double AprStandardError => Math.Sqrt(Apr * (1 - Apr) / Images);
}
