using Toolchain.Core;

namespace Toolchain.Data.Importers;

/// <summary>An import that found data problems it may not skip; the message lists every one of them.</summary>
public sealed class DataImportError : ToolchainError
{
    public DataImportError(string format, IReadOnlyList<DataProblem> problems, string why)
        : base(Describe(format, problems, why), 1)
    {
        Problems = problems;
    }

    public IReadOnlyList<DataProblem> Problems { get; }

    private static string Describe(string format, IReadOnlyList<DataProblem> problems, string why)
    {
        var rows = problems.Where(p => p.Line > 0).Select(p => p.Location).Distinct().Count();
        return $"{format} import failed, nothing written ({why}): {problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {rows} row{(rows == 1 ? "" : "s")}\n  "
            + string.Join("\n  ", problems.Select(p => p.ToString()));
    }
}
