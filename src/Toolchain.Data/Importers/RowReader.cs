using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// Reads typed values from one CSV row, logging each bad value as a problem at the row's file and line.
/// An importer keeps the row only when <see cref="HasProblems"/> is false after reading every field, so all
/// problems of a row are reported, not just the first.
/// </summary>
public sealed class RowReader(CsvTable table, CsvRow row, string? id, ProblemLog log)
{
    private int problems;

    public CsvRow Row => row;
    public string File => table.DisplayPath;
    public int Line => row.Line;
    public string? Id { get; set; } = id;
    public bool HasProblems => problems > 0;

    public void Problem(DataProblemKind kind, string detail) => Problem(table.DisplayPath, row.Line, kind, detail);

    /// <summary>A problem found in another file (e.g. a joined metadata CSV) that still makes this row bad.</summary>
    public void Problem(string file, int line, DataProblemKind kind, string detail)
    {
        problems++;
        log.Add(new DataProblem(file, line, Id, kind, detail));
    }

    public bool? Binary(string column)
    {
        if (CanonicalValues.TryParseBinary(row[column], out var value, out var reason))
        {
            return value;
        }
        Problem(DataProblemKind.UnknownLabel, $"{column}: {reason}");
        return null;
    }

    public double? Age(string column)
    {
        if (CanonicalValues.TryParseAge(row[column], out var age, out var reason))
        {
            return age;
        }
        Problem(DataProblemKind.InvalidValue, $"{column}: {reason}");
        return null;
    }

    public string? Sex(string column)
    {
        if (CanonicalValues.TryParseSex(row[column], out var sex, out var reason))
        {
            return sex;
        }
        Problem(DataProblemKind.UnknownLabel, $"{column}: {reason}");
        return null;
    }

    /// <summary>A value that must be one of <paramref name="allowed"/>; null (with a problem) otherwise.</summary>
    public string? OneOf(string column, IReadOnlyCollection<string> allowed)
    {
        var value = row[column];
        if (allowed.Contains(value))
        {
            return value;
        }
        Problem(DataProblemKind.UnknownLabel, $"{column}: '{value}' is not one of {string.Join(", ", allowed)}");
        return null;
    }

    /// <summary>A non-empty identifier cell.</summary>
    public string? Required(string column)
    {
        var value = row[column];
        if (value.Length > 0)
        {
            return value;
        }
        Problem(DataProblemKind.InvalidValue, $"{column} is empty");
        return null;
    }

    /// <summary>Finds the row's image; a missing one is a problem.</summary>
    public IImageSource? Image(ImageLocator locator, string name)
    {
        var path = locator.Find(name, out var reason);
        if (path is not null)
        {
            return new FileImageSource(path);
        }
        Problem(DataProblemKind.MissingImage, reason);
        return null;
    }
}
