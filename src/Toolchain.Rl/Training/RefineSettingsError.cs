using Toolchain.Core;

namespace Toolchain.Rl.Training;

/// <summary>Refine settings that cannot run as given (exit code 2), naming the setting.</summary>
public sealed class RefineSettingsError(string setting, string problem)
    : ToolchainError($"refine setting '{setting}': {problem}", exitCode: 2)
{
    public string Setting { get; } = setting;
}
