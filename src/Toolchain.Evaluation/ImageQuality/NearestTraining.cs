namespace Toolchain.Evaluation.ImageQuality;

/// <summary>A generated image's nearest training image (by judge features) and their distance.</summary>
public sealed record NearestTraining(string GeneratedFile, string TrainingFile, double Distance);
