using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>
/// A file or folder path, relative to the YAML file that wrote it. The settings keep the path as
/// written (so hashes do not depend on where the checkout lives); the absolute form goes to
/// <see cref="ValidationContext.ResolvedPaths"/>. Whether the path exists is for the stage that
/// reads it to check. Optional keywords (e.g. <c>scratch</c>) stand for "no path".
/// </summary>
public sealed class PathSchema(params string[] keywords) : SchemaNode
{
    public IReadOnlyList<string> Keywords { get; } = keywords;

    public override string TypeLabel =>
        Keywords.Count == 0 ? "path" : "path or " + string.Join(" \\| ", Keywords.Select(k => $"`{k}`"));

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        var scalar = RequireScalar(node, "a path", context);
        if (scalar is null) return null;
        if (Keywords.Contains(scalar.Value, StringComparer.Ordinal)) return JsonValue.Create(scalar.Value);
        if (scalar.Value.Trim().Length == 0 || scalar.Value.IndexOfAny(['\0', '\n', '\r']) >= 0)
        {
            context.Error(node, $"expected a path (got {scalar.Describe()})");
            return null;
        }
        context.RecordResolvedPath(logicalPath, Path.GetFullPath(Path.Combine(node.BaseDirectory, scalar.Value)));
        return JsonValue.Create(scalar.Value);
    }
}
