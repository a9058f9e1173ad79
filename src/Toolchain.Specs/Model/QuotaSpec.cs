namespace Toolchain.Specs.Model;

/// <summary>How a quota counts: exactly N, fill up to N, or N per real image.</summary>
public enum QuotaKind
{
    Count,
    FillTo,
    Ratio,
}

/// <summary>A quota amount; <see cref="Amount"/> is a whole number for Count and FillTo.</summary>
public sealed record QuotaRule(QuotaKind Kind, double Amount);

/// <summary>The synthetic images a named subgroup gets.</summary>
public sealed record QuotaSpec(string Subgroup, QuotaRule Rule);

/// <summary>Automatic rare-subgroup detection: combinations with fewer than Threshold real images, and their quota.</summary>
public sealed record RareSpec(int Threshold, QuotaRule? Quota);
