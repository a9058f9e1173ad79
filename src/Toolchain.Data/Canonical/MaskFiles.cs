namespace Toolchain.Data.Canonical;

/// <summary>
/// Optional ground-truth mask images of one record, keyed by what they outline: "lesion" or a binary label name.
/// Compared by value so records read back from disk equal the records written.
/// </summary>
public sealed class MaskFiles : IEquatable<MaskFiles>
{
    public const string Lesion = "lesion";

    public static readonly MaskFiles None = new(new Dictionary<string, string>());

    private readonly SortedDictionary<string, string> files;

    public MaskFiles(IReadOnlyDictionary<string, string> files)
    {
        foreach (var key in files.Keys)
        {
            if (!IsValidKey(key))
            {
                throw new ArgumentException($"unknown mask key '{key}' (expected '{Lesion}' or a binary label name)", nameof(files));
            }
        }
        this.files = new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal);
    }

    /// <summary>Mask keys in canonical column order: lesion first, then the binary labels.</summary>
    public static readonly IReadOnlyList<string> KeyOrder = [Lesion, .. BinaryLabels.All];

    public static bool IsValidKey(string key) => key == Lesion || BinaryLabels.IsValid(key);

    /// <summary>metadata.csv column holding the mask of <paramref name="key"/>.</summary>
    public static string ColumnName(string key) => "mask_" + key;

    public IReadOnlyDictionary<string, string> Files => files;

    public int Count => files.Count;

    public string? Get(string key) => files.TryGetValue(key, out var file) ? file : null;

    public bool Equals(MaskFiles? other) =>
        other is not null && files.Count == other.files.Count && files.All(kv => other.files.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override bool Equals(object? obj) => Equals(obj as MaskFiles);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in files)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }
}
