namespace Toolchain.Core;

/// <summary>
/// An error caused by the user's input (spec, data, weights, arguments) rather than a bug.
/// The command line prints its message without a stack trace and exits with <see cref="ExitCode"/>.
/// </summary>
public class ToolchainError : Exception
{
    public ToolchainError(string message, int exitCode = 1, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    /// <summary>Process exit code: 2 for invalid specs or arguments, 1 for failed work.</summary>
    public int ExitCode { get; }
}
