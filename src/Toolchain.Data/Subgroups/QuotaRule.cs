using System.Globalization;

namespace Toolchain.Data.Subgroups;

/// <summary>
/// How many synthetic images a subgroup gets; exactly one of: <see cref="Count"/> (absolute), <see cref="FillTo"/>
/// (real + synthetic = N; 0 synthetic when the real count already reaches N) or <see cref="Ratio"/>
/// (synthetic = ratio x real, rounded half away from zero).
/// </summary>
public sealed record QuotaRule(string Subgroup, int? Count = null, int? FillTo = null, double? Ratio = null)
{
    public string Describe() =>
        Count is { } c ? Invariant($"count {c}")
        : FillTo is { } f ? Invariant($"fill_to {f}")
        : Ratio is { } r ? Invariant($"ratio {r}")
        : "none";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
