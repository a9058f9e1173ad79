using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Validation;

/// <summary>One problem in a spec file, printed as <c>file:line:col: key.path: message</c>.</summary>
public sealed record SpecError(SourceLocation Location, string KeyPath, string Message)
{
    public override string ToString() =>
        KeyPath.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {KeyPath}: {Message}";
}
