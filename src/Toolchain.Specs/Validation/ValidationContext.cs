using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Validation;

/// <summary>
/// State of one validation run: the errors so far, which node supplied each logical key path (so
/// cross-reference rules can point at it), and the absolute form of every path-valued setting.
/// </summary>
public sealed class ValidationContext
{
    private readonly List<SpecError> _errors;
    private readonly Dictionary<string, SpecNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _resolvedPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScalarNode> _keys = new(StringComparer.Ordinal);

    public ValidationContext(List<SpecError> errors) => _errors = errors;

    public IReadOnlyList<SpecError> Errors => _errors;

    /// <summary>Absolute paths keyed by logical key path, e.g. <c>data.path</c> or <c>stages.finetune.base</c>.</summary>
    public IReadOnlyDictionary<string, string> ResolvedPaths => _resolvedPaths;

    public void Record(string logicalPath, SpecNode node) => _nodes[logicalPath] = node;

    /// <summary>Remembers the key node of a mapping entry, for errors about the key rather than its value.</summary>
    public void RecordKey(string logicalPath, ScalarNode key) => _keys[logicalPath] = key;

    /// <summary>An error about a mapping key (an unknown name); falls back to <see cref="ErrorAt"/>.</summary>
    public void ErrorAtKey(string logicalPath, string message)
    {
        if (_keys.TryGetValue(logicalPath, out var key)) Error(key, message);
        else ErrorAt(logicalPath, message);
    }

    public void RecordResolvedPath(string logicalPath, string absolutePath) => _resolvedPaths[logicalPath] = absolutePath;

    public SpecNode? NodeAt(string logicalPath) => _nodes.GetValueOrDefault(logicalPath);

    /// <summary>An error about a node's own value.</summary>
    public void Error(SpecNode node, string message) =>
        _errors.Add(new SpecError(node.Location, node.DocumentPath, message));

    /// <summary>An error about a key that is absent from a mapping.</summary>
    public void ErrorUnder(SpecNode parent, string key, string message) =>
        _errors.Add(new SpecError(parent.Location, Join(parent.DocumentPath, key), message));

    /// <summary>
    /// An error at a logical path that may have no node (a default was used): it is reported at the
    /// nearest ancestor that was written in a file.
    /// </summary>
    public void ErrorAt(string logicalPath, string message)
    {
        var probe = logicalPath;
        while (true)
        {
            if (_nodes.TryGetValue(probe, out var node))
            {
                var suffix = logicalPath[probe.Length..].TrimStart('.');
                var documentPath = suffix.Length == 0 ? node.DocumentPath
                    : suffix.StartsWith('[') ? node.DocumentPath + suffix : Join(node.DocumentPath, suffix);
                _errors.Add(new SpecError(node.Location, documentPath, message));
                return;
            }
            if (probe.Length == 0)
                throw new InvalidOperationException($"No node was recorded for the document root while reporting '{logicalPath}'.");
            probe = Parent(probe);
        }
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
