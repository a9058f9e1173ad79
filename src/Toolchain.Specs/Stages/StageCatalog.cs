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
        new(Finetune, 2, "Supervised diffusion training on the prepared images.", [Prepare], [], FinetuneStageSchema.Build()),
        new(TrainReward, 1, "Train the reward models and the held-out judge.", [Prepare], [], TrainRewardStageSchema.Build()),
        new(Refine, 3, "RL refinement (DDPO / GRPO) of LoRA adapters against the rewards.", [Finetune, TrainReward], [], RefineStageSchema.Build()),
        new(Sample, 1, "Generate candidate images for the subgroups with quotas.", [Prepare, Finetune], [Refine], SampleStageSchema.Build()),
        new(Filter, 1, "Keep candidates that clear the reward threshold; drop near-duplicates and memorised images.", [Prepare, Sample, TrainReward], [], FilterStageSchema.Build()),
        new(Evaluate, 3, "Metrics, judge APR and per-subgroup tables for the base and refined models.", [Prepare, Finetune, TrainReward, Filter], [Refine], EvaluateStageSchema.Build()),
        new(Retrain, 4, "Downstream classifier, real only vs real plus synthetic; the final report when Evaluate ran.", [Prepare, Filter], [Evaluate], RetrainStageSchema.Build()),
        // Evaluate and Retrain 2: their provenance names inputs by output digest, not cache key (a key is not part of their own key).
        // 3: their report no longer prints the spec, release and pipeline names, which their keys do not cover.
        // Retrain 4: minimum detectable effects in its outputs; subgroups scored on prepare's evaluation set when there is one.
        // Finetune 2, Refine 3: LoRA files also carry diffusers' lora_adapter_metadata.
        // Release 2: metadata.csv has diagnosis and 0/1 label columns, README.md is the dataset card, report.html is the final report.
        // The release records every other stage's outputs in its manifest.
        new(Release, 2, "Write the versioned dataset release.", [Filter], [Prepare, Finetune, TrainReward, Refine, Sample, Evaluate, Retrain], ReleaseStageSchema.Build()),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToList();

    public static StageDefinition? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    public static StageDefinition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown stage '{name}'. Known stages: {string.Join(", ", Names)}.", nameof(name));
}
