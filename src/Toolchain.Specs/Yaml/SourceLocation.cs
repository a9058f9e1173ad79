namespace Toolchain.Specs.Yaml;

/// <summary>Where a YAML node starts: the file as shown to the user, and 1-based line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
