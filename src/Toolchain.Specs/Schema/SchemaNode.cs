using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>
/// One node of the spec schema. Validating a YAML node records every error it finds and returns
/// its typed JSON value with defaults applied: null for an invalid scalar, and for an object, list
/// or map whatever parts were valid, so that cross-reference rules can still run and report
/// their errors in the same pass. A document is valid only if no error was recorded.
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
