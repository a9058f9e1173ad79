namespace Toolchain.Data.Subgroups;

/// <summary>A subgroup's planned synthetic image count, with the real count it was computed from.</summary>
public sealed record SubgroupQuota(SubgroupDefinition Subgroup, QuotaRule? Rule, int RealCount, int Synthetic);

/// <summary>The synthetic image counts of every subgroup, in definition order.</summary>
public sealed record QuotaPlan(IReadOnlyList<SubgroupQuota> Subgroups)
{
    public int TotalSynthetic => Subgroups.Sum(s => s.Synthetic);

    public SubgroupQuota? Find(string name) => Subgroups.FirstOrDefault(s => s.Subgroup.Name == name);
}
