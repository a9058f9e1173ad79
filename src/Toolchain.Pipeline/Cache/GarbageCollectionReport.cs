using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Cache;

/// <summary>One cache entry gc removed (or would remove, in a dry run).</summary>
public sealed record CollectedEntry(string Stage, CacheKey Key, long Bytes);

/// <summary>
/// What gc did: entries removed, entries skipped because a run holds their lock, and bytes
/// freed (entries plus stale temporary folders).
/// </summary>
public sealed record GarbageCollectionReport(
    IReadOnlyList<CollectedEntry> Removed,
    IReadOnlyList<CollectedEntry> SkippedInUse,
    long TemporaryBytesFreed,
    bool DryRun)
{
    public long BytesFreed => Removed.Sum(e => e.Bytes) + TemporaryBytesFreed;

    public string Describe() =>
        FormattableString.Invariant(
            $"{(DryRun ? "would remove" : "removed")} {Removed.Count} cache entries, {SkippedInUse.Count} in use kept; {BytesFreed} bytes {(DryRun ? "to free" : "freed")} ({TemporaryBytesFreed} from stale temporary folders)");
}
