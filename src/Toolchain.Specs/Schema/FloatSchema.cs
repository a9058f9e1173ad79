using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>A finite real number within bounds that may each be inclusive or exclusive.</summary>
public sealed class FloatSchema(double? min = null, double? max = null, bool minExclusive = false, bool maxExclusive = false) : SchemaNode
{
    public override string TypeLabel => RangeText.Describe("float", min, max, minExclusive, maxExclusive);

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        var scalar = RequireScalar(node, "a number", context);
        if (scalar is null) return null;
        if (scalar.IsQuoted
            || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            context.Error(node, $"expected a number (got {scalar.Describe()})");
            return null;
        }
        var tooLow = min is { } lo && (minExclusive ? value <= lo : value < lo);
        var tooHigh = max is { } hi && (maxExclusive ? value >= hi : value > hi);
        if (tooLow || tooHigh)
        {
            context.Error(node, RangeText.Violation(min, max, minExclusive, maxExclusive, scalar.Value));
            return null;
        }
        return JsonValue.Create(value);
    }
}
