namespace Toolchain.Pipeline.Cache;

/// <summary>How a <see cref="StageCache"/> handles contention and how much it trusts entries on disk.</summary>
public sealed record StageCacheOptions
{
    public LockWaitMode LockWait { get; init; } = LockWaitMode.Wait;

    /// <summary>How long to wait for another run's lock. Stages can train for hours, so the default is generous.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromHours(12);

    /// <summary>How often a waiting run retries the lock.</summary>
    public TimeSpan LockPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Rehash outputs against the manifest on every hit inside Produce (slower, catches tampering).</summary>
    public bool VerifyOnHit { get; init; }

    /// <summary>Receives progress messages (waiting for a lock, replacing a corrupt entry, ...).</summary>
    public Action<string>? Log { get; init; }
}
