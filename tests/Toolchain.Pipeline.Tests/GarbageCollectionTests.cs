using Toolchain.Pipeline.Cache;

namespace Toolchain.Pipeline.Tests;

public class GarbageCollectionTests
{
    [Fact]
    public void Removes_unreferenced_entries_and_stale_temporaries_and_reports_bytes_freed()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var old = new PlanFixture(Epochs: 3).Run(cache);
        var current = new PlanFixture(Epochs: 4).Run(cache);
        var oldFinetune = cache.TryGet("finetune", old.Stages["finetune"].Key).Entry!;
        var entryBytes = Directory.GetFiles(oldFinetune.Directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        var stale = CacheLayout.NewTempDirectory(folder.Path, "prepare", current.Stages["prepare"].Key);
        Directory.CreateDirectory(stale);
        File.WriteAllBytes(Path.Combine(stale, "partial.bin"), new byte[1000]);

        var report = CacheGarbageCollector.Collect(cache, [current]);

        var removed = Assert.Single(report.Removed);
        Assert.Equal(("finetune", old.Stages["finetune"].Key), (removed.Stage, removed.Key));
        Assert.Equal(entryBytes, removed.Bytes);
        Assert.Equal(1000, report.TemporaryBytesFreed);
        Assert.Equal(entryBytes + 1000, report.BytesFreed);
        Assert.False(Directory.Exists(oldFinetune.Directory));
        Assert.False(Directory.Exists(stale));
        Assert.All(current.Stages.Values, s => Assert.True(cache.TryGet(s.Stage, s.Key, verify: true).IsHit));
        Assert.StartsWith("removed 1 cache entries, 0 in use kept;", report.Describe());
    }

    [Fact]
    public void Resume_folders_of_keys_no_run_holds_are_removed_and_a_held_one_is_kept()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var current = new PlanFixture(Epochs: 4).Run(cache);
        using var elsewhere = new TempFolder();
        // A stage of another setting that was killed and never run again.
        var abandonedKey = new PlanFixture(Epochs: 9).Run(new StageCache(elsewhere.Path)).Stages["finetune"].Key;
        var abandoned = CacheLayout.ResumeDirectory(folder.Path, "finetune", abandonedKey);
        Directory.CreateDirectory(abandoned);
        File.WriteAllBytes(Path.Combine(abandoned, "checkpoint.bin"), new byte[500]);
        var heldKey = current.Stages["prepare"].Key;
        var held = CacheLayout.ResumeDirectory(folder.Path, "prepare", heldKey);
        Directory.CreateDirectory(held);
        File.WriteAllBytes(Path.Combine(held, "checkpoint.bin"), new byte[70]);

        GarbageCollectionReport report;
        using (KeyLock.TryAcquire(CacheLayout.LockPath(folder.Path, "prepare", heldKey)))
        {
            report = CacheGarbageCollector.Collect(cache, [current]);
        }

        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(held));
        Assert.Equal(500, report.TemporaryBytesFreed);
    }

    [Fact]
    public void Entries_referenced_by_any_kept_lock_file_survive()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var a = new PlanFixture(Epochs: 3).Run(cache);
        var b = new PlanFixture(Epochs: 4).Run(cache);

        var report = CacheGarbageCollector.Collect(cache, [a, b]);

        Assert.Empty(report.Removed);
        Assert.Equal(0, report.BytesFreed);
        Assert.Equal(3, cache.ListKeys("prepare").Count + cache.ListKeys("finetune").Count);
    }

    [Fact]
    public void Dry_run_removes_nothing_and_an_entry_being_produced_is_kept()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var lockFile = new PlanFixture().Run(cache);
        var finetune = lockFile.Stages["finetune"];

        var dryRun = CacheGarbageCollector.Collect(cache, [], dryRun: true);
        Assert.Equal(2, dryRun.Removed.Count);
        Assert.True(dryRun.BytesFreed > 0);
        Assert.StartsWith("would remove 2 cache entries", dryRun.Describe());
        Assert.All(lockFile.Stages.Values, s => Assert.True(cache.TryGet(s.Stage, s.Key).IsHit));

        using (KeyLock.TryAcquire(CacheLayout.LockPath(folder.Path, "finetune", finetune.Key)))
        {
            var report = CacheGarbageCollector.Collect(cache, []);
            Assert.Equal("prepare", Assert.Single(report.Removed).Stage);
            Assert.Equal("finetune", Assert.Single(report.SkippedInUse).Stage);
        }
        Assert.True(cache.TryGet("finetune", finetune.Key).IsHit);
    }
}
