using System.Diagnostics;
using System.Text;

namespace Toolchain.Cli.Tests.Reliability;

/// <summary>Starts the built command line (toolchain.dll beside the test assembly) as a separate process.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    public CliProcess(string workingDirectory, params string[] args)
        : this(workingDirectory, new Dictionary<string, string?>(), args)
    {
    }

    /// <param name="environment">Variables to set for the child; a null value removes one it would inherit.</param>
    public CliProcess(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "toolchain.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Waits until the process has printed <paramref name="text"/> on stdout.</summary>
    public void WaitForOutput(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Read(stdout).Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || clock.Elapsed > timeout)
                throw new TimeoutException($"toolchain never printed '{text}' (exited: {process.HasExited}); stdout: {Read(stdout)} stderr: {Read(stderr)}");
            Thread.Sleep(100);
        }
    }

    public (int Code, string Stdout, string Stderr) Wait(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"toolchain did not finish within {timeout}");
        }
        process.WaitForExit(); // flushes the asynchronous readers
        return (process.ExitCode, Read(stdout), Read(stderr));
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null) return;
        lock (sb) sb.Append(line).Append('\n');
    }

    private static string Read(StringBuilder sb)
    {
        lock (sb) return sb.ToString();
    }
}
