using Spectre.Console;
using Spectre.Console.Cli;
using Toolchain.Core;

namespace Toolchain.Cli;

/// <summary>Runs the command app and turns user errors into a message and an exit code, never a stack trace.</summary>
public static class CliHost
{
    public static int Run(CommandApp app, string[] args)
    {
        try
        {
            return app.Run(args);
        }
        catch (ToolchainError error)
        {
            Console.Error.WriteLine(error.Message);
            return error.ExitCode;
        }
        catch (CommandParseException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 2;
        }
        catch (CommandRuntimeException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 2;
        }
        // A folder that cannot be created or a file that cannot be written is the user's machine, not a bug.
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 1;
        }
    }
}
