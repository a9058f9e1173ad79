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
        var log = new ProblemLog();
        var table = CsvTable.Load(path, path, requiredColumns, log);
        if (table is null || log.Count > 0)
        {
            throw new ToolchainError($"{path} cannot be read:\n  " + string.Join("\n  ", log.Sorted().Select(p => p.ToString())));
        }
        return table.Rows;
    }
}
