namespace Toolchain.Data.Importers;

/// <summary>Collects every data problem of an import so all of them are reported at once.</summary>
public sealed class ProblemLog
{
    private readonly List<DataProblem> problems = [];

    public IReadOnlyList<DataProblem> All => problems;

    public int Count => problems.Count;

    public bool HasFileLevel => problems.Any(p => p.FileLevel);

    public void Add(DataProblem problem) => problems.Add(problem);

    /// <summary>Problems in a stable order: by file, then line, then reason.</summary>
    public IReadOnlyList<DataProblem> Sorted() => problems
        .OrderBy(p => p.File, StringComparer.Ordinal)
        .ThenBy(p => p.Line)
        .ThenBy(p => p.Kind)
        .ThenBy(p => p.Detail, StringComparer.Ordinal)
        .ToList();
}
