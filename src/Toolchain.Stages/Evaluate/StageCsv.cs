using Toolchain.Core;
using Toolchain.Data.Importers;

namespace Toolchain.Stages.Evaluate;

/// <summary>Reads another stage's CSV strictly: the named columns must exist; any problem is one error naming file:line.</summary>
public static class StageCsv
{
    public static IReadOnlyList<CsvRow> Read(string path, params string[] requiredColumns)
    {
        if (!File.Exists(path))
        {
            throw new ToolchainError($"{path} does not exist");
        }
        // A header without rows is a valid empty table here (e.g. filter accepted nothing); the loader would reject it.
        var lines = File.ReadLines(path).Where(l => l.Trim().Length > 0).Take(2).ToList();
        if (lines.Count == 1)
        {
            var header = lines[0].Split(',').Select(c => c.Trim()).ToList();
            var missing = requiredColumns.Where(c => !header.Contains(c)).ToList();
            return missing.Count == 0 ? [] : throw new ToolchainError($"{path}:1: missing column(s) {string.Join(", ", missing)}");
        }
        var log = new ProblemLog();
        var table = CsvTable.Load(path, path, requiredColumns, log);
        if (table is null || log.Count > 0)
        {
            throw new ToolchainError($"{path} cannot be read:\n  " + string.Join("\n  ", log.Sorted().Select(p => p.ToString())));
        }
        return table.Rows;
    }
}
