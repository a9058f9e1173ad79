using Toolchain.Data.Canonical;
using Toolchain.Data.Subgroups;
using Toolchain.Specs.Model;

namespace Toolchain.Stages.Translation;

/// <summary>Every prompt and subgroup of a spec with its real-image count per split and its quota.</summary>
public static class PromptListing
{
    public static string Render(DatasetSpec spec, CanonicalDataset dataset)
    {
        var template = DatasetTranslation.Template(spec);
        var plan = SubgroupPlan.Build(spec, dataset.Records);
        var catalog = PromptCatalog.Build(dataset.Records, template, plan.Quotas).Render();
        var rare = plan.RareNames.Count == 0
            ? "rare subgroups: none"
            : $"rare subgroups (< {spec.Rare.Threshold} train images): {string.Join(", ", plan.RareNames)}";
        return catalog + rare + "\n";
    }
}
