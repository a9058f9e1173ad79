using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;

namespace Toolchain.Data.Subgroups;

/// <summary>A diagnosis x artifact-combination cell with fewer real images than the threshold.</summary>
public sealed record RareSubgroup(SubgroupDefinition Definition, PromptConditions Conditions, int Count);

/// <summary>
/// Finds under-represented subgroups as RL4Med defines them: every cell diagnosis x artifact combination of an
/// enumerable template whose count in one split (train by default) is below a threshold (default 20),
/// including empty cells. Records with an unannotated template artifact are not counted in any cell.
/// </summary>
public static class RareSubgroupDetector
{
    public const int DefaultThreshold = 20;

    public static IReadOnlyList<RareSubgroup> Detect(IEnumerable<CanonicalRecord> records, PromptTemplate template,
        int threshold = DefaultThreshold, string split = SplitNames.Train)
    {
        var counts = new Dictionary<PromptConditions, int>();
        foreach (var record in records.Where(r => r.Split == split && template.Diagnoses.Contains(r.Diagnosis)))
        {
            var labels = template.Artifacts.Select(a => record.Labels.Get(a.Label)).ToList();
            if (labels.Any(l => l is null))
            {
                continue;
            }
            var key = new PromptConditions(record.Diagnosis, labels.Select(l => l == true).ToList());
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        var rare = new List<RareSubgroup>();
        foreach (var (_, conditions) in template.Enumerate())
        {
            var count = counts.GetValueOrDefault(conditions);
            if (count < threshold)
            {
                rare.Add(new RareSubgroup(CellDefinition(conditions, template), conditions, count));
            }
        }
        return rare;
    }

    /// <summary>The subgroup of one cell, named like "rare-MEL-hair-ink" or "rare-NV-no-artifacts".</summary>
    public static SubgroupDefinition CellDefinition(PromptConditions conditions, PromptTemplate template)
    {
        var present = template.Artifacts.Where((_, i) => conditions.ArtifactsPresent[i]).Select(a => a.Label.Replace('_', '-')).ToList();
        var name = $"rare-{conditions.Diagnosis}-{(present.Count == 0 ? "no-artifacts" : string.Join("-", present))}";
        var predicates = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [SubgroupDefinition.DiagnosisField] = [conditions.Diagnosis],
        };
        for (var i = 0; i < template.Artifacts.Count; i++)
        {
            predicates[template.Artifacts[i].Label] = [conditions.ArtifactsPresent[i] ? "1" : "0"];
        }
        return new SubgroupDefinition(name, predicates);
    }
}
