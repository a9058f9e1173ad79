using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary><c>true</c> or <c>false</c> (YAML 1.2 core schema; no yes/no/on/off).</summary>
public sealed class BoolSchema : SchemaNode
{
    public override string TypeLabel => "bool";

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        var scalar = RequireScalar(node, "true or false", context);
        if (scalar is null) return null;
        if (!scalar.IsQuoted && scalar.Value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (!scalar.IsQuoted && scalar.Value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        context.Error(node, $"expected true or false (got {scalar.Describe()})");
        return null;
    }
}
