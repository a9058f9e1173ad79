using Toolchain.Pipeline.Locking;

namespace Toolchain.Pipeline.Cache;

/// <summary>
/// Removes cache entries that no kept lock file references, and temporary folders of dead runs.
/// Entries are removed under their key's lock, so an entry a run is producing or replacing is
/// never touched; lock files themselves are kept (see <see cref="KeyLock"/>).
/// </summary>
public static class CacheGarbageCollector
{
    public static GarbageCollectionReport Collect(StageCache cache, IEnumerable<LockFile> keep, bool dryRun = false)
    {
        var referenced = keep
            .SelectMany(lockFile => lockFile.Stages.Values)
            .Select(entry => (entry.Stage, entry.Key.Hex))
            .ToHashSet();

        var removed = new List<CollectedEntry>();
        var inUse = new List<CollectedEntry>();
        foreach (var stage in cache.ListStages())
        {
            foreach (var key in cache.ListKeys(stage))
            {
                if (referenced.Contains((stage, key.Hex))) continue;
                var directory = CacheLayout.EntryDirectory(cache.Root, stage, key);
                if (dryRun)
                {
                    removed.Add(new CollectedEntry(stage, key, StageCache.FolderBytes(directory)));
                    continue;
                }
                var freed = cache.Remove(stage, key);
                if (freed is null) inUse.Add(new CollectedEntry(stage, key, StageCache.FolderBytes(directory)));
                else removed.Add(new CollectedEntry(stage, key, freed.Value));
            }
        }

        var temporaryBytes = dryRun ? 0 : cache.CleanStaleTemporaries();
        return new GarbageCollectionReport(removed, inUse, temporaryBytes, dryRun);
    }
}
