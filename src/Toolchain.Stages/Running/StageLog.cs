using System.Diagnostics;
using System.Globalization;

namespace Toolchain.Stages.Running;

/// <summary>
/// A stage's log: lines go to the console and to a log file kept beside (not inside) the outputs,
/// because it holds wall-clock times that must not enter the hashed outputs.
/// </summary>
public sealed class StageLog : IDisposable
{
    private readonly StreamWriter? file;
    private readonly TextWriter console;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly string stage;

    public StageLog(string stage, string? filePath, TextWriter console)
    {
        this.stage = stage;
        this.console = console;
        if (filePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
            file = new StreamWriter(filePath, append: true) { AutoFlush = true };
        }
    }

    public TimeSpan Elapsed => clock.Elapsed;

    public void Info(string message)
    {
        string stamped = string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:F1}s] {stage}: {message}");
        console.WriteLine(stamped);
        file?.WriteLine(stamped);
    }

    /// <summary>Writes to the log file only (per-step detail that would flood the console).</summary>
    public void Detail(string message) =>
        file?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:F1}s] {message}"));

    public void Dispose() => file?.Dispose();
}
