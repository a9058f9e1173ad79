using Toolchain.Core;

namespace Toolchain.Stages.Running;

/// <summary>
/// A cached entry a stage was about to read no longer matches its manifest. The runner catches it, rehashes
/// that stage's entry on the next pass (so the cache discards and rebuilds it) and runs the plan again.
/// </summary>
public sealed class CorruptInputException(string stage, string message) : ToolchainError(message, exitCode: 1)
{
    /// <summary>The upstream stage whose entry is corrupt.</summary>
    public string Stage { get; } = stage;
}
