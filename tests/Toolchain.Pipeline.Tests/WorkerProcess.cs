using System.Diagnostics;
using System.Text;

namespace Toolchain.Pipeline.Tests;

/// <summary>Runs Toolchain.Pipeline.Tests.Worker (copied next to this assembly) as a child process.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly ManualResetEventSlim _started = new();

    private WorkerProcess(Process process) => _process = process;

    public static WorkerProcess Start(string root, string stage, string mode, int files, int delayMs, string? releaseFile = null)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "Toolchain.Pipeline.Tests.Worker.dll");
        Assert.True(File.Exists(worker), $"worker not built at {worker}");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { worker, root, stage, mode, files.ToString(System.Globalization.CultureInfo.InvariantCulture), delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        if (releaseFile is not null) info.ArgumentList.Add(releaseFile);

        var process = new Process { StartInfo = info };
        var result = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (result._stdout) result._stdout.AppendLine(e.Data);
            if (e.Data == "STARTED") result._started.Set();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (result._stderr) result._stderr.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Waits until the worker is inside its work (it printed STARTED).</summary>
    public void WaitUntilWorking() =>
        Assert.True(_started.Wait(TimeSpan.FromSeconds(60)), $"worker did not start its work. stderr: {Stderr}");

    public void WaitUntilStderrContains(string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"worker stderr never contained '{text}'. stderr: {Stderr}");
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drain the redirected streams before the final check
                Assert.True(Stderr.Contains(text, StringComparison.Ordinal), $"worker exited before writing '{text}'. stdout: {Stdout} stderr: {Stderr}");
                return;
            }
            Thread.Sleep(20);
        }
    }

    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(60)), "worker did not exit within 60 s");
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        _started.Dispose();
    }
}
