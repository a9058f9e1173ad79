using System.Text;

namespace Toolchain.Pipeline.Manifests;

/// <summary>Result of checking a folder against a manifest: files missing, extra or altered.</summary>
public sealed class ManifestVerification
{
    private const int MaxListedPerKind = 10;

    public ManifestVerification(IReadOnlyList<string> missing, IReadOnlyList<string> extra, IReadOnlyList<AlteredFile> altered)
    {
        Missing = missing;
        Extra = extra;
        Altered = altered;
    }

    /// <summary>In the manifest, absent from the folder.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>In the folder, absent from the manifest.</summary>
    public IReadOnlyList<string> Extra { get; }

    /// <summary>In both, with a different size or hash.</summary>
    public IReadOnlyList<AlteredFile> Altered { get; }

    public bool IsValid => Missing.Count == 0 && Extra.Count == 0 && Altered.Count == 0;

    /// <summary>One line per problem kind, naming up to ten files each; "ok" when valid.</summary>
    public string Describe()
    {
        if (IsValid) return "ok";
        var sb = new StringBuilder();
        Append(sb, "missing", Missing);
        Append(sb, "extra", Extra);
        Append(sb, "altered", Altered.Select(a => a.ExpectedSize == a.ActualSize
            ? $"{a.Path} (sha256 {a.ExpectedSha256[..12]} -> {a.ActualSha256[..12]})"
            : $"{a.Path} (size {a.ExpectedSize} -> {a.ActualSize})").ToList());
        return sb.ToString().TrimEnd('\n');
    }

    private static void Append(StringBuilder sb, string kind, IReadOnlyList<string> items)
    {
        if (items.Count == 0) return;
        sb.Append(items.Count).Append(' ').Append(kind).Append(": ");
        sb.AppendJoin(", ", items.Take(MaxListedPerKind));
        if (items.Count > MaxListedPerKind) sb.Append($", ... ({items.Count - MaxListedPerKind} more)");
        sb.Append('\n');
    }
}
