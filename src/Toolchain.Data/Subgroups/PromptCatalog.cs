using System.Globalization;
using System.Text;
using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;

namespace Toolchain.Data.Subgroups;

/// <summary>Real images per split of a prompt or subgroup, in <see cref="SplitNames.All"/> order.</summary>
public sealed record SplitCounts(IReadOnlyList<int> Counts)
{
    public static SplitCounts Of(IEnumerable<CanonicalRecord> records)
    {
        var list = records.ToList();
        return new SplitCounts(SplitNames.All.Select(s => list.Count(r => r.Split == s)).ToList());
    }

    public int Total => Counts.Sum();
}

public sealed record PromptRow(string Prompt, SplitCounts Real, int Synthetic);

public sealed record SubgroupRow(string Name, string Predicates, SplitCounts Real, string Quota, int Synthetic);

/// <summary>
/// The listing behind <c>toolchain prompts</c>: every prompt of the template and every subgroup, with real
/// images per split and the synthetic count the quotas give. Records a prompt cannot describe (an artifact
/// not annotated, a diagnosis outside the template) are counted in <see cref="Undescribed"/>.
/// </summary>
public sealed record PromptCatalog(string TemplateName, IReadOnlyList<PromptRow> Prompts, SplitCounts Undescribed,
    IReadOnlyList<SubgroupRow> Subgroups, int TotalSynthetic)
{
    public static PromptCatalog Build(IReadOnlyList<CanonicalRecord> records, PromptTemplate template, QuotaPlan plan)
    {
        var byPrompt = new Dictionary<string, List<CanonicalRecord>>(StringComparer.Ordinal);
        var undescribed = new List<CanonicalRecord>();
        foreach (var record in records)
        {
            var prompt = template.IsEnumerable && !template.Diagnoses.Contains(record.Diagnosis) ? null : template.TryRender(record, out _);
            if (prompt is null)
            {
                undescribed.Add(record);
                continue;
            }
            if (!byPrompt.TryGetValue(prompt, out var list))
            {
                byPrompt[prompt] = list = [];
            }
            list.Add(record);
        }

        List<PromptRow> rows;
        if (template.IsEnumerable)
        {
            var allocation = PromptAllocation.Allocate(plan, template);
            rows = allocation.Prompts
                .Select(p => new PromptRow(p.Prompt, SplitCounts.Of(byPrompt.GetValueOrDefault(p.Prompt) ?? []), p.Synthetic))
                .ToList();
        }
        else
        {
            // Prompts from record metadata: the ones the data has, in ordinal order; quotas apply per subgroup only.
            rows = byPrompt.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new PromptRow(kv.Key, SplitCounts.Of(kv.Value), 0)).ToList();
        }
        var subgroups = plan.Subgroups.Select(q => new SubgroupRow(q.Subgroup.Name, q.Subgroup.Describe(),
            SplitCounts.Of(records.Where(q.Subgroup.Matches)), q.Rule?.Describe() ?? "none", q.Synthetic)).ToList();
        return new PromptCatalog(template.Name, rows, SplitCounts.Of(undescribed), subgroups, plan.TotalSynthetic);
    }

    /// <summary>Fixed-width plain text, stable for snapshot tests.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line.TrimEnd()).Append('\n');
        var header = string.Join("", SplitNames.All.Select(s => s.PadLeft(7))) + "  synthetic";

        Line($"template: {TemplateName} ({Prompts.Count} prompts)");
        Line("real images per split; synthetic = planned by the quotas");
        Line("");
        Line("prompts");
        Line(header + "  prompt");
        foreach (var row in Prompts)
        {
            Line(Numbers(row.Real) + Invariant($"{row.Synthetic,11}") + "  " + row.Prompt);
        }
        if (Undescribed.Total > 0)
        {
            Line(Numbers(Undescribed) + "          -  (records no prompt describes)");
        }
        Line("");
        Line("subgroups");
        Line(header + "  quota            subgroup");
        foreach (var row in Subgroups)
        {
            Line(Numbers(row.Real) + Invariant($"{row.Synthetic,11}") + "  " + row.Quota.PadRight(15) + "  " + $"{row.Name} ({row.Predicates})");
        }
        Line(Invariant($"total synthetic: {TotalSynthetic}"));
        return text.ToString();
    }

    private static string Numbers(SplitCounts counts) => string.Join("", counts.Counts.Select(c => Invariant($"{c,7}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
