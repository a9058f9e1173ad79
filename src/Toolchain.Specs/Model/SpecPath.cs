namespace Toolchain.Specs.Model;

/// <summary>
/// A path from a spec: <see cref="AsWritten"/> (relative to the file that wrote it; this form is
/// what gets hashed) and <see cref="Resolved"/> (absolute, for the stage that opens it).
/// </summary>
public sealed record SpecPath(string AsWritten, string Resolved)
{
    public override string ToString() => AsWritten;
}
