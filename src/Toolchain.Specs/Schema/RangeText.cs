using System.Globalization;

namespace Toolchain.Specs.Schema;

/// <summary>Words for numeric ranges, shared by the validator's messages and the reference doc.</summary>
internal static class RangeText
{
    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Describe(string type, double? min, double? max, bool minExclusive, bool maxExclusive) =>
        (min, max) switch
        {
            (null, null) => type,
            _ => $"{type}, {Bounds(min, max, minExclusive, maxExclusive)}",
        };

    public static string Violation(double? min, double? max, bool minExclusive, bool maxExclusive, string got) =>
        $"must be {Bounds(min, max, minExclusive, maxExclusive)} (got {got})";

    private static string Bounds(double? min, double? max, bool minExclusive, bool maxExclusive) =>
        (min, max) switch
        {
            ({ } lo, { } hi) when !minExclusive && !maxExclusive => $"between {Number(lo)} and {Number(hi)}",
            ({ } lo, { } hi) => $"in {(minExclusive ? "(" : "[")}{Number(lo)}, {Number(hi)}{(maxExclusive ? ")" : "]")}",
            ({ } lo, null) => minExclusive ? $"greater than {Number(lo)}" : $"at least {Number(lo)}",
            (null, { } hi) => maxExclusive ? $"less than {Number(hi)}" : $"at most {Number(hi)}",
            _ => "any number",
        };
}
