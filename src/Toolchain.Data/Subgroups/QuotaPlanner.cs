using System.Globalization;
using Toolchain.Core;
using Toolchain.Data.Canonical;

namespace Toolchain.Data.Subgroups;

/// <summary>
/// Turns quota rules into synthetic image counts per subgroup, counting real images in one split (train by
/// default, the data the augmented classifier trains on). Every problem is collected and thrown together as a
/// spec error (exit 2) before any stage runs: invalid subgroups, duplicate names, a quota for an undefined
/// subgroup or two quotas for one, not exactly one of count / fill_to / ratio, negative values, a ratio on a
/// subgroup with no real images (the ratio would silently yield nothing), a total above the budget.
/// </summary>
public static class QuotaPlanner
{
    public static QuotaPlan Plan(IReadOnlyList<SubgroupDefinition> subgroups, IReadOnlyList<QuotaRule> quotas,
        IReadOnlyList<CanonicalRecord> records, int? maxBudget = null, string split = SplitNames.Train)
    {
        var errors = new List<string>();
        foreach (var subgroup in subgroups)
        {
            errors.AddRange(subgroup.Validate());
        }
        errors.AddRange(subgroups.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => $"subgroup '{g.Key}' is defined {g.Count()} times"));
        var known = subgroups.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(quotas.Where(q => !known.Contains(q.Subgroup)).Select(q => $"quota names undefined subgroup '{q.Subgroup}'"));
        errors.AddRange(quotas.GroupBy(q => q.Subgroup).Where(g => g.Count() > 1).Select(g => $"subgroup '{g.Key}' has {g.Count()} quotas"));
        if (maxBudget is < 0)
        {
            errors.Add(Invariant($"max budget {maxBudget} is negative"));
        }

        var inSplit = records.Where(r => r.Split == split).ToList();
        var planned = new List<SubgroupQuota>();
        foreach (var subgroup in subgroups)
        {
            var real = inSplit.Count(subgroup.Matches);
            var rule = quotas.FirstOrDefault(q => q.Subgroup == subgroup.Name);
            planned.Add(new SubgroupQuota(subgroup, rule, real, rule is null ? 0 : Synthetic(rule, real, split, errors)));
        }
        var total = planned.Sum(p => (long)p.Synthetic);
        if (maxBudget is { } budget && budget >= 0 && total > budget)
        {
            errors.Add(Invariant($"quotas ask for {total} synthetic images in total, above the budget of {budget}: ")
                + string.Join(", ", planned.Where(p => p.Synthetic > 0).Select(p => Invariant($"{p.Subgroup.Name} {p.Synthetic}"))));
        }
        if (errors.Count > 0)
        {
            throw new ToolchainError($"subgroup quotas are invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):\n  {string.Join("\n  ", errors)}", 2);
        }
        return new QuotaPlan(planned);
    }

    private static int Synthetic(QuotaRule rule, int real, string split, List<string> errors)
    {
        var given = (rule.Count is null ? 0 : 1) + (rule.FillTo is null ? 0 : 1) + (rule.Ratio is null ? 0 : 1);
        if (given != 1)
        {
            errors.Add($"quota for '{rule.Subgroup}' must give exactly one of count, fill_to, ratio (it gives {given})");
            return 0;
        }
        if (rule.Count is { } count)
        {
            if (count < 0)
            {
                errors.Add(Invariant($"quota for '{rule.Subgroup}': count {count} is negative"));
                return 0;
            }
            return count;
        }
        if (rule.FillTo is { } fillTo)
        {
            if (fillTo < 0)
            {
                errors.Add(Invariant($"quota for '{rule.Subgroup}': fill_to {fillTo} is negative"));
                return 0;
            }
            return Math.Max(0, fillTo - real);
        }
        var ratio = rule.Ratio!.Value;
        if (!double.IsFinite(ratio) || ratio < 0)
        {
            errors.Add(Invariant($"quota for '{rule.Subgroup}': ratio {ratio} must be a non-negative number"));
            return 0;
        }
        if (real == 0)
        {
            errors.Add($"quota for '{rule.Subgroup}': ratio {ratio.ToString(CultureInfo.InvariantCulture)} of 0 real images in split '{split}' is always 0; use count or fill_to");
            return 0;
        }
        var synthetic = Math.Round(ratio * real, MidpointRounding.AwayFromZero);
        if (synthetic > int.MaxValue)
        {
            errors.Add($"quota for '{rule.Subgroup}': ratio gives {synthetic} images");
            return 0;
        }
        return (int)synthetic;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
