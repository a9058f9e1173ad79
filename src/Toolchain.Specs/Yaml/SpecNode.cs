namespace Toolchain.Specs.Yaml;

/// <summary>
/// A node of a parsed spec file. Unlike YamlDotNet's representation model it survives duplicate
/// keys (so all of them can be reported) and remembers its key path inside its own document, so
/// a value merged from another file is still reported against the file and key that supplied it.
/// </summary>
public abstract class SpecNode
{
    protected SpecNode(SourceLocation location, string documentPath)
    {
        Location = location;
        DocumentPath = documentPath;
    }

    public SourceLocation Location { get; }

    /// <summary>Key path inside the file that declared the node, e.g. <c>stages.refine.clip_range</c>.</summary>
    public string DocumentPath { get; }

    /// <summary>Folder of the declaring file, against which relative paths in the node resolve.</summary>
    public string BaseDirectory { get; init; } = "";

    /// <summary>What the node is, for "expected X (got Y)" messages.</summary>
    public abstract string Describe();
}
