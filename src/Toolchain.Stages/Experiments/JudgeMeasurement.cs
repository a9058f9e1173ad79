namespace Toolchain.Stages.Experiments;

/// <summary>The judge's verdict on one set of adapters' images (<see cref="JudgeCurve.Measure"/>).</summary>
/// <param name="FrechetJudgeFeatures">Frechet distance between the judge's penultimate features of the generated
/// and of the real images (not FID: the features are the judge's, not Inception-v3's).</param>
public sealed record JudgeMeasurement(double Apr, double DiagnosisAgreement, double FrechetJudgeFeatures);
