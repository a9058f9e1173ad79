namespace Toolchain.Specs.Stages;

/// <summary>Every stage type, in pipeline order, with its version, dependencies and settings schema.</summary>
public static class StageCatalog
{
    public const string Prepare = "prepare";
    public const string Finetune = "finetune";
    public const string TrainReward = "train_reward";
    public const string Refine = "refine";
    public const string Sample = "sample";
    public const string Filter = "filter";
    public const string Evaluate = "evaluate";
    public const string Retrain = "retrain";
    public const string Release = "release";

    public static IReadOnlyList<StageDefinition> All { get; } =
    [
        new(Prepare, 1, "Import the dataset, decode, resize and split it.", [], [], PrepareStageSchema.Build()),
        new(Finetune, 1, "Supervised diffusion training on the prepared images.", [Prepare], [], FinetuneStageSchema.Build()),
        new(TrainReward, 1, "Train the reward models and the held-out judge.", [Prepare], [], TrainRewardStageSchema.Build()),
        new(Refine, 2, "RL refinement (DDPO / GRPO) of LoRA adapters against the rewards.", [Finetune, TrainReward], [], RefineStageSchema.Build()),
        new(Sample, 1, "Generate candidate images for the subgroups with quotas.", [Prepare, Finetune], [Refine], SampleStageSchema.Build()),
        new(Filter, 1, "Keep candidates that clear the reward threshold; drop near-duplicates and memorised images.", [Prepare, Sample, TrainReward], [], FilterStageSchema.Build()),
        new(Evaluate, 2, "Metrics, judge APR and per-subgroup tables for the base and refined models.", [Prepare, Finetune, TrainReward, Filter], [Refine], EvaluateStageSchema.Build()),
        new(Retrain, 3, "Downstream classifier, real only vs real plus synthetic; the final report when Evaluate ran.", [Prepare, Filter], [Evaluate], RetrainStageSchema.Build()),
        // Evaluate and Retrain 2: their provenance names inputs by output digest, not cache key (a key is not part of their own key).
        // Retrain 3: minimum detectable effects in its outputs; subgroups scored on prepare's evaluation set when there is one.
        // The release records every other stage's outputs in its manifest.
        new(Release, 1, "Write the versioned dataset release.", [Filter], [Prepare, Finetune, TrainReward, Refine, Sample, Evaluate, Retrain], ReleaseStageSchema.Build()),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToList();

    public static StageDefinition? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    public static StageDefinition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown stage '{name}'. Known stages: {string.Join(", ", Names)}.", nameof(name));
}
