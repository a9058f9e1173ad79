using Toolchain.Data.Canonical;
using Toolchain.Data.Subgroups;
using Toolchain.Specs.Model;

namespace Toolchain.Stages.Translation;

/// <summary>
/// The spec's subgroups plus the automatically detected rare cells (diagnosis x artifact
/// combinations below the threshold on the train split), and the quota plan for all of them.
/// </summary>
public sealed record SubgroupPlan(IReadOnlyList<SubgroupDefinition> Subgroups, IReadOnlyList<string> RareNames, QuotaPlan Quotas)
{
    public static SubgroupPlan Build(DatasetSpec spec, IReadOnlyList<CanonicalRecord> records)
    {
        var template = DatasetTranslation.Template(spec);
        var subgroups = spec.Subgroups.Select(DatasetTranslation.Subgroup).ToList();
        var quotas = spec.Quotas.Select(q => DatasetTranslation.Quota(q.Subgroup, q.Rule)).ToList();
        var rareNames = new List<string>();
        if (template.IsEnumerable)
        {
            foreach (var rare in RareSubgroupDetector.Detect(records, template, spec.Rare.Threshold))
            {
                var name = rare.Definition.Name;
                rareNames.Add(name);
                if (subgroups.Any(s => s.Name == name))
                {
                    continue;
                }
                subgroups.Add(rare.Definition);
                if (spec.Rare.Quota is { } rule && quotas.All(q => q.Subgroup != name))
                {
                    quotas.Add(DatasetTranslation.Quota(name, rule));
                }
            }
        }
        return new SubgroupPlan(subgroups, rareNames, QuotaPlanner.Plan(subgroups, quotas, records));
    }
}
