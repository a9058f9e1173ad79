namespace Toolchain.Specs.Yaml;

/// <summary>A YAML sequence.</summary>
public sealed class SequenceNode : SpecNode
{
    public SequenceNode(SourceLocation location, string documentPath, IReadOnlyList<SpecNode> items)
        : base(location, documentPath)
    {
        Items = items;
    }

    public IReadOnlyList<SpecNode> Items { get; }

    public override string Describe() => "a list";
}
