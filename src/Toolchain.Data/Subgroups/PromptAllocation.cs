using Toolchain.Core;
using Toolchain.Data.Prompts;

namespace Toolchain.Data.Subgroups;

/// <summary>
/// Spreads each subgroup's synthetic images over the prompts of an enumerable template that can describe it
/// (<see cref="SubgroupDefinition.IsCompatible"/>): evenly, the remainder going to the first prompts in
/// enumeration order. A prompt that serves several subgroups gets the sum. A subgroup with a non-zero quota
/// and no compatible prompt is an error, since nothing could be sampled for it.
/// </summary>
public sealed class PromptAllocation
{
    private PromptAllocation(IReadOnlyList<(string Prompt, PromptConditions Conditions, int Synthetic)> prompts,
        IReadOnlyDictionary<string, IReadOnlyList<(string Prompt, int Synthetic)>> bySubgroup)
    {
        Prompts = prompts;
        BySubgroup = bySubgroup;
    }

    /// <summary>Every prompt of the template, in enumeration order, with its total synthetic count.</summary>
    public IReadOnlyList<(string Prompt, PromptConditions Conditions, int Synthetic)> Prompts { get; }

    /// <summary>Per subgroup: the prompts its images are sampled with and how many each.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Prompt, int Synthetic)>> BySubgroup { get; }

    public static PromptAllocation Allocate(QuotaPlan plan, PromptTemplate template)
    {
        var prompts = template.Enumerate();
        var totals = new int[prompts.Count];
        var bySubgroup = new Dictionary<string, IReadOnlyList<(string, int)>>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var quota in plan.Subgroups)
        {
            var compatible = Enumerable.Range(0, prompts.Count)
                .Where(i => quota.Subgroup.IsCompatible(prompts[i].Conditions, template)).ToList();
            if (quota.Synthetic > 0 && compatible.Count == 0)
            {
                errors.Add($"subgroup '{quota.Subgroup.Name}' ({quota.Subgroup.Describe()}) has a quota of {quota.Synthetic} but no prompt of template '{template.Name}' describes it");
                continue;
            }
            var shares = new List<(string, int)>();
            for (var k = 0; k < compatible.Count; k++)
            {
                var share = quota.Synthetic / compatible.Count + (k < quota.Synthetic % compatible.Count ? 1 : 0);
                totals[compatible[k]] += share;
                if (share > 0)
                {
                    shares.Add((prompts[compatible[k]].Prompt, share));
                }
            }
            bySubgroup[quota.Subgroup.Name] = shares;
        }
        if (errors.Count > 0)
        {
            throw new ToolchainError($"quotas cannot be sampled:\n  {string.Join("\n  ", errors)}", 2);
        }
        return new PromptAllocation(prompts.Select((p, i) => (p.Prompt, p.Conditions, totals[i])).ToList(), bySubgroup);
    }
}
