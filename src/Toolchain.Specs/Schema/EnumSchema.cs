using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>One of a fixed set of words.</summary>
public sealed class EnumSchema(params string[] allowed) : SchemaNode
{
    public IReadOnlyList<string> Allowed { get; } = allowed;

    public override string TypeLabel => "one of " + string.Join(" \\| ", Allowed.Select(a => $"`{a}`"));

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        var scalar = RequireScalar(node, "one of " + string.Join(", ", Allowed), context);
        if (scalar is null) return null;
        if (Allowed.Contains(scalar.Value, StringComparer.Ordinal)) return JsonValue.Create(scalar.Value);
        var hint = KeySuggester.Closest(scalar.Value, Allowed) is { } close ? $"; did you mean '{close}'?" : "";
        context.Error(node, $"must be one of {string.Join(", ", Allowed)} (got {scalar.Describe()}){hint}");
        return null;
    }
}
