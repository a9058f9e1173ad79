using System.Text;
using Toolchain.Data.Importers;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Importers;

public sealed class CsvTableTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private (CsvTable? Table, ProblemLog Log) Load(byte[] bytes, params string[] required)
    {
        var path = folder.Write("t.csv", bytes);
        var log = new ProblemLog();
        return (CsvTable.Load(path, "t.csv", required, log), log);
    }

    [Fact]
    public void AFileThatIsNotCsvIsNotEchoedInTheMissingColumnProblem()
    {
        var (table, log) = Load("root:$y$j9T$secrethash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"u8.ToArray(), "image");
        Assert.Null(table);
        var problem = Assert.Single(log.All);
        Assert.DoesNotContain("secrethash", problem.Detail);
        Assert.Contains("the header row has a single column: is this a comma-separated file?", problem.Detail);
    }

    [Fact]
    public void AFifoIsRefusedInsteadOfBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        var fifo = folder.Combine("pipe.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var error = Assert.Throws<Toolchain.Core.ToolchainError>(() => CsvTable.Load(fifo, "pipe.csv", ["a"], new ProblemLog()));
        Assert.Equal("pipe.csv: is not a regular file (a FIFO, socket or device)", error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void ReadsRowsWithTheirLineNumbers()
    {
        var text = "\uFEFFa,b\n1,2\n\n\"x,\ny\",3\n4,5\n";
        var (table, log) = Load(Encoding.UTF8.GetBytes(text), "a", "b");
        Assert.NotNull(table);
        Assert.Empty(log.All);
        Assert.Equal([2, 4, 6], table.Rows.Select(r => r.Line));
        Assert.Equal("x,\ny", table.Rows[1]["a"]);
        Assert.Equal(3, table.RowsRead);
    }

    [Fact]
    public void InvalidUtf8RowsAndWrongFieldCountsAreRowProblems()
    {
        byte[] bytes = [.. "a,b\n1,2\n"u8, .. "3,\xFF"u8.ToArray()[..2], 0xFF, (byte)'\n', .. "4,5,6\n7,8\n"u8];
        var (table, log) = Load(bytes, "a");
        Assert.NotNull(table);
        Assert.Equal(["1", "7"], table.Rows.Select(r => r["a"]));
        Assert.Equal(
            ["t.csv:3: invalid encoding", "t.csv:4: malformed csv"],
            log.Sorted().Select(p => $"{p.Location}: {p.Kind.Reason()}"));
        Assert.Equal(4, table.RowsRead);
    }

    [Fact]
    public void EmptyFileHeaderOnlyAndMissingColumnsAreFileLevel()
    {
        var (empty, emptyLog) = Load([], "a");
        Assert.Null(empty);
        Assert.Equal(DataProblemKind.EmptyCsv, Assert.Single(emptyLog.All).Kind);

        var (headerOnly, headerLog) = Load("a,b\n"u8.ToArray(), "a");
        Assert.Null(headerOnly);
        Assert.Equal(DataProblemKind.EmptyCsv, Assert.Single(headerLog.All).Kind);

        var (missing, missingLog) = Load("a,b\n1,2\n"u8.ToArray(), "a", "c", "d");
        Assert.Null(missing);
        var problem = Assert.Single(missingLog.All);
        Assert.True(problem.FileLevel);
        Assert.Equal(DataProblemKind.MissingColumn, problem.Kind);
        Assert.Contains("'c', 'd'", problem.Detail);
        Assert.Equal("t.csv:1", problem.Location);
    }
}
