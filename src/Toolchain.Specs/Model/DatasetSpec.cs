namespace Toolchain.Specs.Model;

/// <summary>A validated dataset spec with every default applied: WHAT to produce.</summary>
public sealed record DatasetSpec(
    string Name,
    string Description,
    int Seed,
    SpecPath Pipeline,
    RuntimeSpec Runtime,
    DataSection Data,
    IReadOnlyList<string> Labels,
    PromptSpec Prompts,
    IReadOnlyList<SubgroupSpec> Subgroups,
    RareSpec Rare,
    IReadOnlyList<QuotaSpec> Quotas,
    ReleaseSpec Release);

/// <summary>Compute settings that affect numbers and so enter every cache key.</summary>
public sealed record RuntimeSpec(int Threads, string Device);

/// <summary>Release name (a slug), semantic version and licence id (for the dataset card).</summary>
public sealed record ReleaseSpec(string Name, string Version, string License);

/// <summary>The prompt template: <c>rl4med</c> or a custom string with {slots}.</summary>
public sealed record PromptSpec(string Template)
{
    public bool IsRl4Med => Template == DataSources.Rl4MedTemplate;
}
