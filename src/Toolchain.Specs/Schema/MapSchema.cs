using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>
/// A mapping from names to values of one schema. Keys are either free (checked by an optional
/// rule, e.g. a CSV column name) or drawn from a fixed set (reward names, diagnoses).
/// </summary>
public sealed class MapSchema(SchemaNode value, IReadOnlyList<string>? allowedKeys = null, int minEntries = 0, string keyLabel = "string") : SchemaNode
{
    public SchemaNode Value { get; } = value;
    public IReadOnlyList<string>? AllowedKeys { get; } = allowedKeys;

    public override string TypeLabel =>
        $"map of {(AllowedKeys is null ? keyLabel : string.Join(" \\| ", AllowedKeys.Select(k => $"`{k}`")))} to {Value.TypeLabel}"
        + (minEntries > 0 ? $", at least {minEntries} entries" : "");

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        if (node is ScalarNode { IsNull: true }) node = new MappingNode(node.Location, node.DocumentPath, []) { BaseDirectory = node.BaseDirectory };
        if (node is not MappingNode mapping)
        {
            context.Error(node, $"expected a mapping (got {node.Describe()})");
            return null;
        }
        if (mapping.Entries.Count < minEntries)
        {
            context.Error(node, $"needs at least {minEntries} entries (got {mapping.Entries.Count})");
        }
        var result = new JsonObject();
        foreach (var (key, valueNode) in mapping.Entries)
        {
            var childPath = ValidationContext.Join(logicalPath, key.Value);
            context.RecordKey(childPath, key);
            if (AllowedKeys is not null && !AllowedKeys.Contains(key.Value, StringComparer.Ordinal))
            {
                context.Record(childPath, key);
                var hint = KeySuggester.Closest(key.Value, AllowedKeys) is { } close ? $"; did you mean '{close}'?" : "";
                context.Error(key, $"unknown name '{key.Value}': must be one of {string.Join(", ", AllowedKeys)}{hint}");
                continue;
            }
            var value = Value.Validate(valueNode, childPath, context);
            if (value is not null) result[key.Value] = value;
        }
        return result;
    }
}
