namespace Toolchain.Specs.Yaml;

/// <summary>A YAML mapping with string keys, in file order. Duplicate keys were reported by the reader and dropped.</summary>
public sealed class MappingNode : SpecNode
{
    public MappingNode(SourceLocation location, string documentPath, IReadOnlyList<MappingEntry> entries)
        : base(location, documentPath)
    {
        Entries = entries;
    }

    public IReadOnlyList<MappingEntry> Entries { get; }

    public SpecNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key)?.Value;

    public override string Describe() => "a mapping";
}

/// <summary>One key and its value.</summary>
public sealed record MappingEntry(ScalarNode Key, SpecNode Value);
