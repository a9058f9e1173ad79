namespace Toolchain.Data.Canonical;

/// <summary>A canonical dataset on disk: its folder and its records, ordered by id.</summary>
public sealed record CanonicalDataset(string Folder, IReadOnlyList<CanonicalRecord> Records)
{
    public string PathOf(string relativeFile) => Path.Combine(Folder, relativeFile.Replace('/', Path.DirectorySeparatorChar));

    public IEnumerable<CanonicalRecord> InSplit(string split) => Records.Where(r => r.Split == split);
}
