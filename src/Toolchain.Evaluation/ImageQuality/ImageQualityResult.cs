namespace Toolchain.Evaluation.ImageQuality;

/// <summary>Every arm's metrics (the real reference first) and every generated image's nearest training image.</summary>
public sealed record ImageQualityResult(string FeatureSpace, IReadOnlyList<ArmMetrics> Arms, IReadOnlyList<NearestTraining> Nearest)
{
    public ArmMetrics Arm(string name) => Arms.FirstOrDefault(a => a.Arm == name)
        ?? throw new KeyNotFoundException($"no arm '{name}' (arms: {string.Join(", ", Arms.Select(a => a.Arm))})");
}
