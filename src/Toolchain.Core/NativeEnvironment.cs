using System.Runtime.InteropServices;

namespace Toolchain.Core;

/// <summary>
/// Environment variables that native libraries (OpenMP, libtorch, MKL) read with getenv. On Unix,
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only .NET's own copy, so this sets the
/// C environment as well.
/// </summary>
public static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> in both environments unless the user already set it.</summary>
    /// <returns>True when this call set it; false when the user's value stands.</returns>
    public static bool SetDefault(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is not null)
        {
            return false;
        }
        if (!OperatingSystem.IsWindows() && SetEnv(name, value, 0) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed");
        }
        Environment.SetEnvironmentVariable(name, value);
        return true;
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)] // Ansi is UTF-8 on Unix
    private static extern int SetEnv(string name, string value, int overwrite);
}
