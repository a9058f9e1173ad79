using Toolchain.Core;

namespace Toolchain.Cli.Tests.Fuzz;

/// <summary>
/// Runs one hostile input: it must finish within the time limit and either succeed or throw a
/// <see cref="ToolchainError"/> (a clear user-facing message). Any other exception fails the test.
/// </summary>
public static class FuzzCase
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <returns>True when the input was accepted, false when it was rejected with a ToolchainError.</returns>
    public static bool Run(string what, Action action)
    {
        var task = Task.Run(() =>
        {
            try
            {
                action();
                return (Exception?)null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        Assert.True(task.Wait(Limit), $"{what}: did not finish within {Limit}");
        var error = task.Result;
        if (error is null) return true;
        Assert.True(error is ToolchainError, $"{what}: threw {error.GetType().Name} instead of a ToolchainError: {error}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message), $"{what}: empty error message");
        return false;
    }
}
