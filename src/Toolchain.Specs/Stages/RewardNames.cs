namespace Toolchain.Specs.Stages;

/// <summary>The rewards that train_reward can produce and refine / filter can use.</summary>
public static class RewardNames
{
    /// <summary>Multi-label image classifier agreeing with the prompt's labels (the paper's reward); always trained.</summary>
    public const string Classifier = "classifier";

    /// <summary>CLIP-style image/text similarity; trained when <c>train_reward.vlfm.enabled</c>.</summary>
    public const string Vlfm = "vlfm";

    /// <summary>Region-level reward from artifact masks; trained when <c>train_reward.region.enabled</c>.</summary>
    public const string Region = "region";

    public static readonly IReadOnlyList<string> All = [Classifier, Vlfm, Region];
}
