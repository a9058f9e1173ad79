using Spectre.Console.Cli;

namespace Toolchain.Cli.Tests.Commands;

/// <summary>Console redirection is process-wide, so tests that capture it never run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>Runs one command in-process through the same host as the executable and captures its output.</summary>
public static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(Action<IConfigurator> register, params string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.PropagateExceptions();
            config.UseStrictParsing();
            register(config);
        });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = CliHost.Run(app, args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    /// <summary>The shared reference fixtures: $TOOLCHAIN_FIXTURES, else the nearest ancestor's shared/fixtures.</summary>
    public static string Fixture(params string[] parts)
    {
        var root = Environment.GetEnvironmentVariable("TOOLCHAIN_FIXTURES");
        if (string.IsNullOrEmpty(root))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && root is null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
                root = Directory.Exists(candidate) ? candidate : null;
            }
        }
        return Path.Combine([root ?? throw new DirectoryNotFoundException("shared/fixtures not found; set TOOLCHAIN_FIXTURES"), .. parts]);
    }
}
