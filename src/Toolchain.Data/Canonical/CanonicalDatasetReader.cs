using Toolchain.Core;
using Toolchain.Data.Importers;

namespace Toolchain.Data.Canonical;

/// <summary>
/// Reads a canonical dataset folder strictly: the header must be exactly the canonical columns (plus known mask
/// columns in canonical order), every cell must parse, ids must be unique and every referenced file must exist.
/// All problems are reported together as one <see cref="ToolchainError"/> naming metadata.csv:line.
/// </summary>
public static class CanonicalDatasetReader
{
    public static CanonicalDataset Read(string folder, bool checkFiles = true)
    {
        var fullFolder = Path.GetFullPath(folder);
        var metadataPath = Path.Combine(fullFolder, CanonicalColumns.MetadataFileName);
        if (!File.Exists(metadataPath))
        {
            throw new ToolchainError($"'{folder}' is not a canonical dataset: it has no {CanonicalColumns.MetadataFileName}");
        }

        var log = new ProblemLog();
        var table = CsvTable.Load(metadataPath, metadataPath, CanonicalColumns.Fixed, log);
        var errors = log.Sorted().Select(p => p.ToString()).ToList();
        if (table is null)
        {
            throw Failure(errors);
        }

        var maskKeys = CheckHeader(table, metadataPath, errors);
        var records = new List<CanonicalRecord>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var rowErrors = new List<string>();
            var record = ParseRow(row, maskKeys, rowErrors);
            if (record is not null)
            {
                if (seen.TryGetValue(record.Id, out var firstLine))
                {
                    rowErrors.Add($"id '{record.Id}' already used on line {firstLine}");
                }
                else
                {
                    seen[record.Id] = row.Line;
                }
            }
            if (checkFiles)
            {
                // Checked even when other cells are bad, so one pass reports everything wrong with the row.
                var files = record is not null ? record.Masks.Files.Values.Prepend(record.FileName) : [row[CanonicalColumns.FileName]];
                foreach (var file in files.Where(f => f.Length > 0 && !f.Split('/').Contains("..")))
                {
                    if (!File.Exists(Path.Combine(fullFolder, file.Replace('/', Path.DirectorySeparatorChar))))
                    {
                        rowErrors.Add($"file '{file}' does not exist");
                    }
                }
            }
            errors.AddRange(rowErrors.Select(e => $"{metadataPath}:{row.Line}: {e}"));
            if (record is not null && rowErrors.Count == 0)
            {
                records.Add(record);
            }
        }
        if (errors.Count > 0)
        {
            throw Failure(errors);
        }
        return new CanonicalDataset(fullFolder, records.OrderBy(r => r.Id, StringComparer.Ordinal).ToList());
    }

    private static ToolchainError Failure(IReadOnlyList<string> errors) =>
        new($"canonical dataset is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):\n  " + string.Join("\n  ", errors));

    private static List<string> CheckHeader(CsvTable table, string path, List<string> errors)
    {
        var header = table.Header;
        for (var i = 0; i < CanonicalColumns.Fixed.Count; i++)
        {
            if (header[i] != CanonicalColumns.Fixed[i])
            {
                errors.Add($"{path}:1: column {i + 1} is '{header[i]}', expected '{CanonicalColumns.Fixed[i]}' (columns: {string.Join(",", CanonicalColumns.Fixed)}, then mask_<key> columns)");
                return [];
            }
        }
        var maskKeys = new List<string>();
        foreach (var column in header.Skip(CanonicalColumns.Fixed.Count))
        {
            var key = column.StartsWith("mask_", StringComparison.Ordinal) ? column["mask_".Length..] : null;
            if (key is null || !MaskFiles.IsValidKey(key))
            {
                errors.Add($"{path}:1: unexpected column '{column}'");
                continue;
            }
            maskKeys.Add(key);
        }
        var ordered = MaskFiles.KeyOrder.Where(maskKeys.Contains).ToList();
        if (!ordered.SequenceEqual(maskKeys))
        {
            errors.Add($"{path}:1: mask columns must be in the order {string.Join(",", ordered.Select(MaskFiles.ColumnName))}");
        }
        return maskKeys;
    }

    private static CanonicalRecord? ParseRow(CsvRow row, IReadOnlyList<string> maskKeys, List<string> errors)
    {
        var id = row[CanonicalColumns.Id];
        if (!CanonicalLayout.IsValidId(id))
        {
            errors.Add($"id '{id}' is not a valid id");
        }
        var fileName = row[CanonicalColumns.FileName];
        if (fileName.Length == 0 || fileName.StartsWith('/') || fileName.Split('/').Contains(".."))
        {
            errors.Add($"file_name '{fileName}' is not a relative path inside the dataset");
        }
        var split = row[CanonicalColumns.Split];
        if (!SplitNames.IsCanonical(split))
        {
            errors.Add($"split '{split}' is not one of {string.Join(", ", SplitNames.All)}, {SplitNames.Evaluation}");
        }
        var diagnosis = row[CanonicalColumns.Diagnosis];
        if (!DiagnosisCodes.IsValid(diagnosis))
        {
            errors.Add($"diagnosis '{diagnosis}' is not a canonical code ({string.Join(", ", DiagnosisCodes.All)})");
        }
        var labels = ArtifactLabels.Unknown;
        foreach (var name in BinaryLabels.All)
        {
            if (CanonicalValues.TryParseBinary(row[name], out var value, out var reason))
            {
                labels = labels.With(name, value);
            }
            else
            {
                errors.Add($"{name}: {reason}");
            }
        }
        if (!CanonicalValues.TryParseFitzpatrick(row[CanonicalColumns.Fitzpatrick], out var fitzpatrick, out var fitzReason))
        {
            errors.Add(fitzReason);
        }
        if (!CanonicalValues.TryParseAge(row[CanonicalColumns.Age], out var age, out var ageReason))
        {
            errors.Add(ageReason);
        }
        var sex = CanonicalValues.EmptyToNull(row[CanonicalColumns.Sex]);
        if (sex is not null and not "male" and not "female")
        {
            errors.Add($"sex '{sex}' is not male, female or empty");
        }
        var source = row[CanonicalColumns.Source];
        var sourceId = row[CanonicalColumns.SourceId];
        if (source.Length == 0 || sourceId.Length == 0)
        {
            errors.Add("source and source_id must not be empty");
        }
        var masks = new Dictionary<string, string>();
        foreach (var key in maskKeys)
        {
            var file = row[MaskFiles.ColumnName(key)];
            if (file.Length > 0)
            {
                masks[key] = file;
            }
        }
        if (errors.Count > 0)
        {
            return null;
        }
        return new CanonicalRecord
        {
            FileName = fileName,
            Id = id,
            GroupId = CanonicalValues.EmptyToNull(row[CanonicalColumns.GroupId]),
            Split = split,
            Diagnosis = diagnosis,
            Labels = labels,
            Fitzpatrick = fitzpatrick,
            Site = CanonicalValues.EmptyToNull(row[CanonicalColumns.Site]),
            Age = age,
            Sex = sex,
            Source = source,
            SourceId = sourceId,
            Masks = masks.Count == 0 ? MaskFiles.None : new MaskFiles(masks),
        };
    }
}
