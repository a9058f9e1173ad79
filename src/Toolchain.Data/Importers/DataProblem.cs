namespace Toolchain.Data.Importers;

/// <summary>
/// One problem in the input data. <see cref="File"/> is relative to the dataset source folder; <see cref="Line"/> is
/// the 1-based line of a CSV row (or the 1-based record index inside an array file, 0 when the whole file is
/// concerned). A file-level problem (empty CSV, missing column, unreadable header) cannot be skipped: no row
/// of that file can be trusted.
/// </summary>
public sealed record DataProblem(string File, int Line, string? Id, DataProblemKind Kind, string Detail, bool FileLevel = false)
{
    public string Location => Line > 0 ? $"{File}:{Line}" : File;

    public override string ToString() =>
        $"{Location}: {Kind.Reason()}{(Id is null ? "" : $" (id {Id})")}: {Detail}";
}
