using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>
/// One node of the spec schema. Validating a YAML node returns its typed JSON value (defaults
/// applied) or null after recording errors; siblings are still validated so every error surfaces.
/// </summary>
public abstract class SchemaNode
{
    /// <summary>Short type description for the reference doc, e.g. <c>float in [0, 1]</c>.</summary>
    public abstract string TypeLabel { get; }

    public JsonNode? Validate(SpecNode node, string logicalPath, ValidationContext context)
    {
        context.Record(logicalPath, node);
        return ValidateCore(node, logicalPath, context);
    }

    protected abstract JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context);

    /// <summary>
    /// Parses a plain or quoted scalar, or records "expected X (got Y)". Null scalars count as missing values.
    /// </summary>
    protected static ScalarNode? RequireScalar(SpecNode node, string expected, ValidationContext context)
    {
        if (node is ScalarNode { IsNull: false } scalar) return scalar;
        context.Error(node, $"expected {expected} (got {node.Describe()})");
        return null;
    }
}
