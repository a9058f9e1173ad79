namespace Toolchain.Specs.Yaml;

/// <summary>A YAML scalar as written. Quoted scalars are never null, numbers or booleans.</summary>
public sealed class ScalarNode : SpecNode
{
    public ScalarNode(SourceLocation location, string documentPath, string value, bool quoted)
        : base(location, documentPath)
    {
        Value = value;
        IsQuoted = quoted;
    }

    public string Value { get; }
    public bool IsQuoted { get; }

    /// <summary>YAML core-schema null: <c>~</c>, <c>null</c> or nothing at all, unquoted.</summary>
    public bool IsNull => !IsQuoted && (Value.Length == 0 || Value == "~" || Value is "null" or "Null" or "NULL");

    /// <summary>The value quoted, shortened to one line of at most 60 characters: it may come from a file that is not a spec at all.</summary>
    public override string Describe()
    {
        if (IsNull) return "null";
        var line = Value.Split('\n')[0];
        return line.Length <= 60 && line.Length == Value.Length ? $"'{Value}'" : $"'{line[..Math.Min(line.Length, 60)]}...' ({Value.Length} characters)";
    }
}
