using System.Globalization;
using System.Text;
using CsvHelper;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Core;
using Toolchain.Data.Imaging;

namespace Toolchain.Data.Canonical;

/// <summary>
/// Writes a canonical dataset so that, seen from outside, it appears complete or not at all: everything goes to
/// a sibling temporary folder that is renamed onto the target by <see cref="Commit"/>; disposing an uncommitted
/// writer deletes the temporary folder. metadata.csv is written with invariant culture, "\n" line ends, the
/// columns of <see cref="CanonicalColumns"/> and rows ordered by id, so equal data gives equal bytes.
/// </summary>
public sealed class CanonicalDatasetWriter : IDisposable
{
    private readonly string target;
    private readonly string staging;
    private readonly HashSet<string> writtenFiles = new(StringComparer.Ordinal);
    private bool committed;

    private CanonicalDatasetWriter(string target, string staging)
    {
        this.target = target;
        this.staging = staging;
    }

    /// <summary>
    /// Starts writing a dataset into <paramref name="outputFolder"/>, which must not exist or be empty.
    /// </summary>
    public static CanonicalDatasetWriter Create(string outputFolder)
    {
        var target = Path.GetFullPath(outputFolder);
        EnsureTargetFree(target);
        var parent = Path.GetDirectoryName(target) ?? throw new ToolchainError($"'{outputFolder}' has no parent folder", 2);
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Environment.ProcessId}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true); // left over from a killed run of this process id
        }
        Directory.CreateDirectory(staging);
        return new CanonicalDatasetWriter(target, staging);
    }

    /// <summary>Writes the image of record <paramref name="id"/> and returns its relative file name.</summary>
    public string WriteImage(string id, Image<Rgb24> image)
    {
        var file = CanonicalLayout.ImageFile(CheckId(id));
        WriteBytes(file, PngFiles.Encode(image));
        return file;
    }

    /// <summary>Writes a grey mask (0 = outside, 255 = inside) and returns its relative file name.</summary>
    public string WriteMask(string id, string key, Image<L8> mask)
    {
        if (!MaskFiles.IsValidKey(key))
        {
            throw new ArgumentException($"unknown mask key '{key}'", nameof(key));
        }
        var file = CanonicalLayout.MaskFile(CheckId(id), key);
        WriteBytes(file, PngFiles.Encode(mask));
        return file;
    }

    /// <summary>Writes an extra file next to metadata.csv (e.g. skipped.csv), UTF-8 without BOM.</summary>
    public void WriteText(string fileName, string text)
    {
        if (fileName.Contains('/') || fileName.Contains('\\') || fileName == CanonicalColumns.MetadataFileName)
        {
            throw new ArgumentException($"'{fileName}' is not a plain extra file name", nameof(fileName));
        }
        File.WriteAllText(Path.Combine(staging, fileName), text, new UTF8Encoding(false));
    }

    /// <summary>
    /// Writes metadata.csv for <paramref name="records"/> and moves the folder into place. Every record's image
    /// and masks must have been written by this writer, and every written image must belong to a record.
    /// </summary>
    public CanonicalDataset Commit(IEnumerable<CanonicalRecord> records)
    {
        if (committed)
        {
            throw new InvalidOperationException("the dataset was already committed");
        }
        var ordered = records.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        CheckRecords(ordered);

        var maskKeys = CanonicalColumns.MaskKeys(ordered);
        using (var stream = File.Create(Path.Combine(staging, CanonicalColumns.MetadataFileName)))
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false))
        {
            csv.WriteHeader(CanonicalColumns.Fixed.Concat(maskKeys.Select(MaskFiles.ColumnName)).ToArray());
            foreach (var record in ordered)
            {
                csv.WriteRecord(CanonicalColumns.Cells(record, maskKeys).ToArray());
            }
            csv.Flush();
        }

        EnsureTargetFree(target);
        if (Directory.Exists(target))
        {
            Directory.Delete(target); // empty, checked above
        }
        Directory.Move(staging, target);
        committed = true;
        return new CanonicalDataset(target, ordered);
    }

    public void Dispose()
    {
        if (!committed && Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private void CheckRecords(IReadOnlyList<CanonicalRecord> records)
    {
        var errors = new List<string>();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        string? previousId = null;
        foreach (var record in records)
        {
            if (record.Id == previousId)
            {
                errors.Add($"id '{record.Id}' appears twice");
            }
            previousId = record.Id;
            if (!SplitNames.IsCanonical(record.Split))
            {
                errors.Add($"record '{record.Id}': split '{record.Split}' is not one of {string.Join(", ", SplitNames.All)}, {SplitNames.Evaluation}");
            }
            if (!DiagnosisCodes.IsValid(record.Diagnosis))
            {
                errors.Add($"record '{record.Id}': diagnosis '{record.Diagnosis}' is not a canonical code");
            }
            foreach (var file in record.Masks.Files.Values.Prepend(record.FileName))
            {
                if (!writtenFiles.Contains(file))
                {
                    errors.Add($"record '{record.Id}': file '{file}' was not written");
                }
                referenced.Add(file);
            }
        }
        errors.AddRange(writtenFiles.Where(f => !referenced.Contains(f)).Order(StringComparer.Ordinal)
            .Select(f => $"file '{f}' belongs to no record"));
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("canonical dataset is inconsistent:\n  " + string.Join("\n  ", errors));
        }
    }

    private void WriteBytes(string relativeFile, byte[] bytes)
    {
        if (!writtenFiles.Add(relativeFile))
        {
            throw new InvalidOperationException($"'{relativeFile}' was written twice");
        }
        var path = Path.Combine(staging, relativeFile.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static string CheckId(string id) =>
        CanonicalLayout.IsValidId(id) ? id : throw new ArgumentException($"'{id}' is not a valid canonical id", nameof(id));

    private static void EnsureTargetFree(string target)
    {
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new ToolchainError($"output folder '{target}' already exists and is not empty; choose a new folder or remove it", 2);
        }
    }
}
