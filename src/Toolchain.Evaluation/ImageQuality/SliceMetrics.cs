namespace Toolchain.Evaluation.ImageQuality;

/// <summary>
/// The metrics of one arm on one slice. Null means "not measurable here" (too few images, no VLFM, no Inception or
/// LPIPS weights supplied), never zero.
/// Distribution metrics compare <see cref="Compared"/> images per side, drawn with a fixed seed from the
/// <see cref="Images"/> of the arm and the <see cref="ReferenceImages"/> of the real reference.
/// </summary>
public sealed record SliceMetrics(
    int Images,
    int ReferenceImages,
    int Compared,
    double? Apr,
    double? DiagnosisAgreement,
    double? ClipScore,
    double? FrechetJudgeFeatures,
    double? KidJudgeFeatures,
    double? KidJudgeFeaturesSd,
    double? Precision,
    double? Recall,
    double? DiversityJudgeFeatures,
    double? Fid = null,
    double? KidInception = null,
    double? KidInceptionSd = null,
    double? DiversityLpips = null);
