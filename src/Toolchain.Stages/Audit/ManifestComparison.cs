using Toolchain.Pipeline.Manifests;

namespace Toolchain.Stages.Audit;

/// <summary>File-by-file difference between a recorded manifest and a rebuilt one.</summary>
public sealed record ManifestComparison(IReadOnlyList<string> OnlyRecorded, IReadOnlyList<string> OnlyRebuilt, IReadOnlyList<string> Differ)
{
    private const int MaxListed = 10;

    public bool Identical => OnlyRecorded.Count == 0 && OnlyRebuilt.Count == 0 && Differ.Count == 0;

    public static ManifestComparison Compare(Manifest recorded, Manifest rebuilt)
    {
        var before = recorded.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        var after = rebuilt.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        return new ManifestComparison(
            before.Keys.Where(p => !after.ContainsKey(p)).Order(StringComparer.Ordinal).ToList(),
            after.Keys.Where(p => !before.ContainsKey(p)).Order(StringComparer.Ordinal).ToList(),
            before.Values.Where(e => after.TryGetValue(e.Path, out var a) && (a.Sha256 != e.Sha256 || a.Size != e.Size))
                .Select(e => e.Path).Order(StringComparer.Ordinal).ToList());
    }

    public IEnumerable<string> Describe()
    {
        if (Differ.Count > 0) yield return List("differ", Differ);
        if (OnlyRecorded.Count > 0) yield return List("only in the release's record", OnlyRecorded);
        if (OnlyRebuilt.Count > 0) yield return List("only in the rebuild", OnlyRebuilt);
    }

    private static string List(string what, IReadOnlyList<string> paths) =>
        $"{paths.Count} file(s) {what}: {string.Join(", ", paths.Take(MaxListed))}{(paths.Count > MaxListed ? $", ... ({paths.Count - MaxListed} more)" : "")}";
}
