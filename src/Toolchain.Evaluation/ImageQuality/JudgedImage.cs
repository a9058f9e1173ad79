namespace Toolchain.Evaluation.ImageQuality;

/// <summary>
/// One image as the judge saw it: which arm it belongs to ("real", "baseline", "refined"), its prompt (for a
/// real image, the prompt describing it), the judge's head probabilities, its penultimate features, whether the
/// predicted artifact labels all equal the prompt's (APR) and whether the predicted diagnosis is the prompt's,
/// and, when a VLFM was trained, the cosine between image and prompt embeddings; with FID Inception weights, its
/// 2048-d pool features.
/// </summary>
public sealed record JudgedImage(
    string Arm,
    string Prompt,
    string File,
    long? Seed,
    IReadOnlyList<float> Probabilities,
    double[] Features,
    bool ArtifactsMatch,
    bool DiagnosisMatches,
    double? ClipCosine,
    double[]? InceptionFeatures = null);
