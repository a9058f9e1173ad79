using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>
/// A list of items of one schema, with optional length bounds and uniqueness: either of whole
/// scalar items (labels) or of a name field of object items (subgroups, phases).
/// </summary>
public sealed class ListSchema(SchemaNode item, int minItems = 0, int maxItems = int.MaxValue, string? uniqueField = null, bool uniqueItems = false) : SchemaNode
{
    public SchemaNode Item { get; } = item;
    public int MinItems { get; } = minItems;
    public int MaxItems { get; } = maxItems;
    public string? UniqueField { get; } = uniqueField;

    public override string TypeLabel
    {
        get
        {
            var size = (MinItems, MaxItems) switch
            {
                (var lo, var hi) when lo == hi => $", exactly {lo}",
                (0, int.MaxValue) => "",
                (var lo, int.MaxValue) => $", at least {lo}",
                (0, var hi) => $", at most {hi}",
                (var lo, var hi) => $", {lo} to {hi}",
            };
            var unique = UniqueField is not null ? $", unique `{UniqueField}`" : uniqueItems ? ", unique" : "";
            return Item is ObjectSchema ? $"list of objects{size}{unique}" : $"list of {Item.TypeLabel}{size}{unique}";
        }
    }

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        if (node is ScalarNode { IsNull: true }) node = new SequenceNode(node.Location, node.DocumentPath, []) { BaseDirectory = node.BaseDirectory };
        if (node is not SequenceNode sequence)
        {
            context.Error(node, $"expected a list (got {node.Describe()})");
            return null;
        }
        if (sequence.Items.Count < MinItems || sequence.Items.Count > MaxItems)
        {
            context.Error(node, MinItems == MaxItems
                ? $"needs exactly {MinItems} items (got {sequence.Items.Count})"
                : sequence.Items.Count < MinItems
                    ? $"needs at least {MinItems} items (got {sequence.Items.Count})"
                    : $"allows at most {MaxItems} items (got {sequence.Items.Count})");
        }

        var result = new JsonArray();
        var seen = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemNode = sequence.Items[i];
            var value = Item.Validate(itemNode, $"{logicalPath}[{i}]", context);
            if (value is null) continue;
            var (identity, identityNode, what) = UniqueField is not null
                ? ((value as JsonObject)?[UniqueField]?.GetValue<string>(), (itemNode as MappingNode)?[UniqueField], UniqueField)
                : uniqueItems ? (value.ToJsonString(), itemNode, "item") : (null, null, "");
            if (identity is not null && identityNode is not null)
            {
                if (seen.TryGetValue(identity, out var first))
                {
                    context.Error(identityNode, $"duplicate {what} '{Display(value, identity)}' (first used at line {first.Location.Line})");
                    continue;
                }
                seen[identity] = identityNode;
            }
            result.Add(value);
        }
        return result;
    }

    private string Display(JsonNode value, string identity) =>
        UniqueField is null && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : identity;
}
