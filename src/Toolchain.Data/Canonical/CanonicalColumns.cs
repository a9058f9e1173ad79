namespace Toolchain.Data.Canonical;

/// <summary>
/// Column order of metadata.csv: file_name first (Hugging Face imagefolder), then the fixed canonical columns,
/// then one mask_&lt;key&gt; column per mask key that any record has, in <see cref="MaskFiles.KeyOrder"/>.
/// </summary>
public static class CanonicalColumns
{
    public const string MetadataFileName = "metadata.csv";

    public const string FileName = "file_name";
    public const string Id = "id";
    public const string GroupId = "group_id";
    public const string Split = "split";
    public const string Diagnosis = "diagnosis";
    public const string Fitzpatrick = "fitzpatrick";
    public const string Site = "site";
    public const string Age = "age";
    public const string Sex = "sex";
    public const string Source = "source";
    public const string SourceId = "source_id";

    public static readonly IReadOnlyList<string> Fixed =
    [
        FileName, Id, GroupId, Split, Diagnosis, .. BinaryLabels.All, Fitzpatrick, Site, Age, Sex, Source, SourceId,
    ];

    /// <summary>Mask keys present in any record, in canonical order.</summary>
    public static IReadOnlyList<string> MaskKeys(IEnumerable<CanonicalRecord> records)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            present.UnionWith(record.Masks.Files.Keys);
        }
        return MaskFiles.KeyOrder.Where(present.Contains).ToList();
    }

    /// <summary>The cells of one record, in the order of <see cref="Fixed"/> followed by <paramref name="maskKeys"/>.</summary>
    public static IReadOnlyList<string> Cells(CanonicalRecord record, IReadOnlyList<string> maskKeys)
    {
        var cells = new List<string>(Fixed.Count + maskKeys.Count)
        {
            record.FileName, record.Id, record.GroupId ?? "", record.Split, record.Diagnosis,
        };
        cells.AddRange(BinaryLabels.All.Select(name => CanonicalValues.FormatBinary(record.Labels.Get(name))));
        cells.Add(record.Fitzpatrick?.ToString() ?? "");
        cells.Add(record.Site ?? "");
        cells.Add(CanonicalValues.FormatAge(record.Age));
        cells.Add(record.Sex ?? "");
        cells.Add(record.Source);
        cells.Add(record.SourceId);
        cells.AddRange(maskKeys.Select(key => record.Masks.Get(key) ?? ""));
        return cells;
    }
}
