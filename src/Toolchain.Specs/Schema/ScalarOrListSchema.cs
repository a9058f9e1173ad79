using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>One value or a list of alternatives (<c>ink: true</c> or <c>site: [back, chest]</c>); always a list once validated.</summary>
public sealed class ScalarOrListSchema(SchemaNode item) : SchemaNode
{
    public SchemaNode Item { get; } = item;

    public override string TypeLabel => $"{Item.TypeLabel} or list of them";

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        if (node is not SequenceNode sequence)
        {
            var single = Item.Validate(node, logicalPath, context);
            return single is null ? null : new JsonArray(single);
        }
        if (sequence.Items.Count == 0)
        {
            context.Error(node, "needs at least one value");
            return null;
        }
        var values = new JsonArray();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var value = Item.Validate(sequence.Items[i], $"{logicalPath}[{i}]", context);
            if (value is not null) values.Add(value);
        }
        return values;
    }
}
