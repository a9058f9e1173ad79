using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>A whole number within inclusive bounds.</summary>
public sealed class IntSchema(int min = int.MinValue, int max = int.MaxValue) : SchemaNode
{
    public int Min { get; } = min;
    public int Max { get; } = max;

    public override string TypeLabel => RangeText.Describe("int", Min == int.MinValue ? null : Min, Max == int.MaxValue ? null : Max, false, false);

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        var scalar = RequireScalar(node, "an integer", context);
        if (scalar is null) return null;
        if (scalar.IsQuoted || !long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            context.Error(node, $"expected an integer (got {scalar.Describe()})");
            return null;
        }
        if (value < Min || value > Max)
        {
            context.Error(node, RangeText.Violation(Min == int.MinValue ? null : Min, Max == int.MaxValue ? null : Max, false, false, scalar.Value));
            return null;
        }
        return JsonValue.Create((int)value);
    }
}
