using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Status;

public enum StageState
{
    Cached,
    WillRun,
}

/// <summary>
/// One stage's line of a status report. <see cref="Key"/> is null when an upstream stage must run
/// first (its output digest, and so this key, is not known yet). <see cref="OutputDigest"/> is
/// set for cached stages.
/// </summary>
public sealed record StageStatus(string Stage, StageState State, CacheKey? Key, string? OutputDigest, IReadOnlyList<string> Reasons)
{
    public string Describe() =>
        State == StageState.Cached
            ? $"{Stage}: cached ({Key!.Value.Short})"
            : $"{Stage}: will run because {string.Join("; ", Reasons)}";
}
