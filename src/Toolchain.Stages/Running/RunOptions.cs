using Toolchain.Pipeline.Cache;

namespace Toolchain.Stages.Running;

/// <summary>How a pipeline run uses the cache.</summary>
/// <param name="CacheRoot">Folder of the content-addressed stage cache.</param>
/// <param name="Until">Last stage to run (and everything before it), or null for the whole pipeline.</param>
/// <param name="Force">Stages to rerun even when cached.</param>
/// <param name="Verify">Rehash cached outputs before reusing them.</param>
/// <param name="LockWait">Wait for, or fail on, a stage another run is producing.</param>
public sealed record RunOptions(
    string CacheRoot,
    string? Until = null,
    IReadOnlySet<string>? Force = null,
    bool Verify = false,
    LockWaitMode LockWait = LockWaitMode.Wait);
