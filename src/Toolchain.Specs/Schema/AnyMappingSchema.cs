using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>
/// A mapping whose contents another step validates (a spec's <c>overrides:</c> is merged into the
/// pipeline first and validated there). Only its shape is checked here.
/// </summary>
public sealed class AnyMappingSchema(string typeLabel) : SchemaNode
{
    public override string TypeLabel { get; } = typeLabel;

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        if (node is MappingNode or ScalarNode { IsNull: true }) return new JsonObject();
        context.Error(node, $"expected a mapping (got {node.Describe()})");
        return null;
    }
}
