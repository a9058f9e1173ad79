namespace Toolchain.Pipeline.Cache;

/// <summary>What a run does when another run holds the lock of the key it wants to produce.</summary>
public enum LockWaitMode
{
    /// <summary>Wait (up to the timeout) and then reuse what the other run produced.</summary>
    Wait,

    /// <summary>Fail at once with a <see cref="Toolchain.Core.ToolchainError"/>.</summary>
    Fail,
}
