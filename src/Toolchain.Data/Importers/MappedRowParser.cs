using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// Builds a draft record from a row through a mapping canonical field -> source column (used by the generic
/// CSV importer with the user's mapping and by the imagefolder importer with canonical column names).
/// Fields: image, id, group_id, split, diagnosis, the binary labels, fitzpatrick, site, age, sex.
/// </summary>
public static class MappedRowParser
{
    public const string Image = "image";

    public static readonly IReadOnlyList<string> Fields =
    [
        Image, CanonicalColumns.Id, CanonicalColumns.GroupId, CanonicalColumns.Split, CanonicalColumns.Diagnosis,
        .. BinaryLabels.All, CanonicalColumns.Fitzpatrick, CanonicalColumns.Site, CanonicalColumns.Age, CanonicalColumns.Sex,
    ];

    /// <summary>
    /// Parses the mapped fields of a row; returns null when the row has a problem. The record's Split is the
    /// mapped split (the source's official split) or empty.
    /// </summary>
    public static (CanonicalRecord Record, string ImageName)? Parse(RowReader reader, IReadOnlyDictionary<string, string> mapping, string format)
    {
        string? Cell(string field) => mapping.TryGetValue(field, out var column) ? reader.Row[column] : null;

        var image = reader.Required(mapping[Image]);
        var idText = Cell(CanonicalColumns.Id);
        var id = CanonicalLayout.ToId(idText is { Length: > 0 } ? idText : StemOf(image ?? ""));
        reader.Id = id;

        var diagnosisText = Cell(CanonicalColumns.Diagnosis) ?? "";
        var diagnosis = DiagnosisNames.TryMap(diagnosisText);
        if (diagnosis is null)
        {
            reader.Problem(DataProblemKind.UnknownLabel, $"{mapping[CanonicalColumns.Diagnosis]}: '{diagnosisText}' is not a known diagnosis (codes: {string.Join(", ", DiagnosisCodes.All)})");
        }

        var split = CanonicalValues.EmptyToNull(Cell(CanonicalColumns.Split) ?? "") ?? "";
        if (split.Length > 0 && !SplitNames.IsValid(split))
        {
            reader.Problem(DataProblemKind.UnknownLabel, $"{mapping[CanonicalColumns.Split]}: '{split}' is not one of {string.Join(", ", SplitNames.All)}");
        }

        var labels = ArtifactLabels.Unknown;
        foreach (var name in BinaryLabels.All)
        {
            if (mapping.TryGetValue(name, out var column))
            {
                labels = labels.With(name, reader.Binary(column));
            }
        }
        FitzpatrickRange? fitzpatrick = null;
        if (mapping.TryGetValue(CanonicalColumns.Fitzpatrick, out var fitzColumn)
            && !CanonicalValues.TryParseFitzpatrick(reader.Row[fitzColumn], out fitzpatrick, out var fitzReason))
        {
            reader.Problem(DataProblemKind.UnknownLabel, $"{fitzColumn}: {fitzReason}");
        }
        var age = mapping.TryGetValue(CanonicalColumns.Age, out var ageColumn) ? reader.Age(ageColumn) : null;
        var sex = mapping.TryGetValue(CanonicalColumns.Sex, out var sexColumn) ? reader.Sex(sexColumn) : null;

        if (reader.HasProblems || image is null || diagnosis is null)
        {
            return null;
        }
        return (new CanonicalRecord
        {
            FileName = "",
            Id = id,
            GroupId = CanonicalValues.EmptyToNull(Cell(CanonicalColumns.GroupId) ?? ""),
            Split = split,
            Diagnosis = diagnosis,
            Labels = labels,
            Fitzpatrick = fitzpatrick,
            Site = CanonicalValues.NormalizeSite(Cell(CanonicalColumns.Site) ?? ""),
            Age = age,
            Sex = sex,
            Source = format,
            SourceId = image,
        }, image);
    }

    private static string StemOf(string imageName) =>
        Path.ChangeExtension(imageName, null).Replace('/', '_').Replace('\\', '_');
}
