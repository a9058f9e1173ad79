using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Tests;

public class StageCacheTests
{
    private static void WriteModel(string outputs)
    {
        Directory.CreateDirectory(Path.Combine(outputs, "weights"));
        File.WriteAllText(Path.Combine(outputs, "weights", "unet.bin"), "unet weights");
        File.WriteAllText(Path.Combine(outputs, "log.txt"), "loss 0.1");
    }

    [Fact]
    public void First_produce_runs_the_work_and_the_second_is_a_hit()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var components = ComponentsFixture.Build();
        var runs = 0;

        var first = cache.Produce(components, outputs => { runs++; WriteModel(outputs); return new JsonObject { ["loss"] = 0.1 }; });
        var second = cache.Produce(components, outputs => { runs++; WriteModel(outputs); });

        Assert.Equal(1, runs);
        Assert.Equal(ProduceOutcome.Produced, first.Outcome);
        Assert.Equal(ProduceOutcome.Hit, second.Outcome);
        Assert.Null(first.Replaced);
        Assert.Equal(first.Entry.OutputDigest, second.Entry.OutputDigest);
        Assert.Equal(0.1, second.Entry.Metadata!["loss"]!.GetValue<double>());

        var entry = second.Entry;
        Assert.Equal(Path.Combine(folder.Path, "finetune", components.Key.Hex), entry.Directory);
        Assert.Equal("unet weights", File.ReadAllText(Path.Combine(entry.OutputsDirectory, "weights", "unet.bin")));
        Assert.Equal(["log.txt", "weights/unet.bin"], entry.Manifest.Entries.Select(e => e.Path));
        Assert.Equal(entry.OutputDigest + "\n", File.ReadAllText(Path.Combine(entry.Directory, CacheLayout.CompleteMarker)));
        Assert.Equal(components.Key, StageKeyComponents.FromJson(
            JsonNode.Parse(File.ReadAllText(Path.Combine(entry.Directory, CacheLayout.KeyFile)))!.AsObject(), "key.json").Key);
        Assert.Empty(Directory.GetDirectories(Path.Combine(folder.Path, "finetune"), ".tmp-*"));
    }

    [Fact]
    public void Failing_work_leaves_no_entry_and_no_temporary_folder()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var components = ComponentsFixture.Build();

        Assert.Throws<InvalidOperationException>(() => cache.Produce(components, outputs =>
        {
            WriteModel(outputs);
            throw new InvalidOperationException("out of memory");
        }));

        Assert.Equal(CacheLookupStatus.Missing, cache.TryGet(components.Stage, components.Key).Status);
        Assert.Empty(Directory.GetDirectories(Path.Combine(folder.Path, "finetune"), ".tmp-*"));
        Assert.Equal(ProduceOutcome.Produced, cache.Produce(components, WriteModel).Outcome);
    }

    [Fact]
    public void Entry_without_marker_is_incomplete_and_is_replaced_saying_so()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var components = ComponentsFixture.Build();
        var entry = cache.Produce(components, WriteModel).Entry;
        File.Delete(Path.Combine(entry.Directory, CacheLayout.CompleteMarker));

        var lookup = cache.TryGet(components.Stage, components.Key);
        Assert.Equal(CacheLookupStatus.Incomplete, lookup.Status);
        Assert.Null(lookup.Entry);

        var messages = new List<string>();
        var rerun = new StageCache(folder.Path, new StageCacheOptions { Log = messages.Add }).Produce(components, WriteModel);
        Assert.Equal(ProduceOutcome.Produced, rerun.Outcome);
        Assert.Contains("no completion marker", rerun.Replaced);
        Assert.Contains(messages, m => m.StartsWith("replacing cache entry finetune/", StringComparison.Ordinal));
        Assert.True(cache.TryGet(components.Stage, components.Key, verify: true).IsHit);
    }

    [Fact]
    public void Altered_output_is_reported_corrupt_by_a_verified_lookup_and_replaced_with_a_reason()
    {
        using var folder = new TempFolder();
        var components = ComponentsFixture.Build();
        var entry = new StageCache(folder.Path).Produce(components, WriteModel).Entry;
        var weights = Path.Combine(entry.OutputsDirectory, "weights", "unet.bin");
        var sealedAt = File.GetLastWriteTimeUtc(weights);
        File.WriteAllText(weights, "unet weightz");
        // Same size and modification time: only a full rehash can tell.
        File.SetLastWriteTimeUtc(weights, sealedAt);

        var cache = new StageCache(folder.Path, new StageCacheOptions { VerifyOnHit = true });
        Assert.True(cache.TryGet(components.Stage, components.Key, verify: false).IsHit);
        var verified = cache.TryGet(components.Stage, components.Key, verify: true);
        Assert.Equal(CacheLookupStatus.Corrupt, verified.Status);
        Assert.Equal("weights/unet.bin", Assert.Single(verified.Verification!.Altered).Path);
        Assert.Contains("outputs do not match the manifest", verified.Problem);

        var rerun = cache.Produce(components, WriteModel);
        Assert.Equal(ProduceOutcome.Produced, rerun.Outcome);
        Assert.Contains("weights/unet.bin", rerun.Replaced);
        Assert.Equal("unet weights", File.ReadAllText(Path.Combine(rerun.Entry.OutputsDirectory, "weights", "unet.bin")));
    }

    [Fact]
    public void Output_edited_after_the_entry_was_sealed_is_caught_without_verify_and_rebuilt()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var components = ComponentsFixture.Build();
        var entry = cache.Produce(components, WriteModel).Entry;
        var weights = Path.Combine(entry.OutputsDirectory, "weights", "unet.bin");
        File.WriteAllText(weights, "unet weightz");
        File.SetLastWriteTimeUtc(weights, DateTime.UtcNow.AddMinutes(1));

        var lookup = cache.TryGet(components.Stage, components.Key);
        Assert.Equal(CacheLookupStatus.Corrupt, lookup.Status);
        Assert.Equal("weights/unet.bin", Assert.Single(lookup.Verification!.Altered).Path);

        var rerun = cache.Produce(components, WriteModel);
        Assert.Equal(ProduceOutcome.Produced, rerun.Outcome);
        Assert.Equal(entry.OutputDigest, rerun.Entry.OutputDigest);
        Assert.Equal("unet weights", File.ReadAllText(Path.Combine(rerun.Entry.OutputsDirectory, "weights", "unet.bin")));
    }

    [Fact]
    public void Added_removed_or_resized_outputs_are_caught_without_verify()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var components = ComponentsFixture.Build();
        var entry = cache.Produce(components, WriteModel).Entry;
        var log = Path.Combine(entry.OutputsDirectory, "log.txt");
        var sealedAt = File.GetLastWriteTimeUtc(log);

        File.WriteAllText(log, "loss 0.25");
        File.SetLastWriteTimeUtc(log, sealedAt);
        Assert.Contains("log.txt (size 8 -> 9)", cache.TryGet(components.Stage, components.Key).Problem);

        File.WriteAllText(log, "loss 0.1");
        File.SetLastWriteTimeUtc(log, sealedAt);
        Assert.True(cache.TryGet(components.Stage, components.Key).IsHit);

        File.WriteAllText(Path.Combine(entry.OutputsDirectory, "extra.txt"), "x");
        Assert.Contains("1 extra: extra.txt", cache.TryGet(components.Stage, components.Key).Problem);
    }

    [Fact]
    public void Output_replaced_by_a_symbolic_link_is_corrupt()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var components = ComponentsFixture.Build();
        var entry = cache.Produce(components, WriteModel).Entry;
        var outside = folder.Combine("outside.bin");
        File.WriteAllText(outside, "unet weights");
        var weights = Path.Combine(entry.OutputsDirectory, "weights", "unet.bin");
        File.Delete(weights);
        File.CreateSymbolicLink(weights, outside);

        var lookup = cache.TryGet(components.Stage, components.Key, verify: true);
        Assert.Equal(CacheLookupStatus.Corrupt, lookup.Status);
        Assert.Contains("'weights/unet.bin' is a symbolic link", lookup.Problem);
    }

    [Fact]
    public void Marker_that_disagrees_with_the_manifest_is_corrupt()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var components = ComponentsFixture.Build();
        var entry = cache.Produce(components, WriteModel).Entry;
        File.AppendAllText(Path.Combine(entry.Directory, CacheLayout.ManifestFile), new string('0', 64) + "  1  zz-extra\n");

        var lookup = cache.TryGet(components.Stage, components.Key);
        Assert.Equal(CacheLookupStatus.Corrupt, lookup.Status);
        Assert.Contains("completion marker records manifest", lookup.Problem);
    }

    [Fact]
    public void Stale_temporary_folder_of_the_key_is_removed_by_the_next_produce()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var components = ComponentsFixture.Build();
        var stale = CacheLayout.NewTempDirectory(folder.Path, components.Stage, components.Key);
        Directory.CreateDirectory(Path.Combine(stale, "outputs"));
        File.WriteAllText(Path.Combine(stale, "outputs", "half.bin"), "half");

        Assert.Equal(CacheLookupStatus.Missing, cache.TryGet(components.Stage, components.Key).Status);
        cache.Produce(components, WriteModel);

        Assert.False(Directory.Exists(stale));
    }

    [Fact]
    public void Two_file_streams_in_one_process_exclude_each_other()
    {
        // The cache relies on this: flock is per open file description, not per process.
        using var folder = new TempFolder();
        var path = folder.Combine("k.lock");
        using (var first = KeyLock.TryAcquire(path))
        {
            Assert.NotNull(first);
            Assert.Null(KeyLock.TryAcquire(path));
            Exception? fromThread = null;
            KeyLock? onThread = null;
            var thread = new Thread(() =>
            {
                try { onThread = KeyLock.TryAcquire(path); }
                catch (Exception e) { fromThread = e; }
            });
            thread.Start();
            thread.Join();
            Assert.Null(fromThread);
            Assert.Null(onThread);
        }
        using var again = KeyLock.TryAcquire(path);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Concurrent_producer_on_another_thread_waits_then_hits()
    {
        using var folder = new TempFolder();
        var components = ComponentsFixture.Build();
        var messages = new List<string>();
        var workStarted = new ManualResetEventSlim();
        var releaseWork = new ManualResetEventSlim();
        var runs = 0;

        var producer = Task.Run(() => new StageCache(folder.Path).Produce(components, outputs =>
        {
            Interlocked.Increment(ref runs);
            workStarted.Set();
            Assert.True(releaseWork.Wait(TimeSpan.FromSeconds(30)));
            WriteModel(outputs);
        }));
        Assert.True(workStarted.Wait(TimeSpan.FromSeconds(30)));

        var waiterCache = new StageCache(folder.Path, new StageCacheOptions
        {
            LockPollInterval = TimeSpan.FromMilliseconds(20),
            Log = m => { lock (messages) messages.Add(m); },
        });
        var waiter = Task.Run(() => waiterCache.Produce(components, outputs => { Interlocked.Increment(ref runs); WriteModel(outputs); }));
        await WaitUntil(() => { lock (messages) return messages.Count > 0; });
        Assert.False(waiter.IsCompleted);
        releaseWork.Set();

        var produced = await producer;
        var waited = await waiter;
        Assert.Equal(1, runs);
        Assert.Equal(ProduceOutcome.Produced, produced.Outcome);
        Assert.Equal(ProduceOutcome.Hit, waited.Outcome);
        Assert.StartsWith("waiting for lock held by another run on stage finetune key " + components.Key.Short, messages[0]);
        Assert.True(waiterCache.TryGet(components.Stage, components.Key, verify: true).IsHit);
    }

    [Fact]
    public async Task Concurrent_producer_in_fail_mode_fails_clearly_and_the_first_still_completes()
    {
        using var folder = new TempFolder();
        var components = ComponentsFixture.Build();
        var workStarted = new ManualResetEventSlim();
        var releaseWork = new ManualResetEventSlim();

        var producer = Task.Run(() => new StageCache(folder.Path).Produce(components, outputs =>
        {
            workStarted.Set();
            Assert.True(releaseWork.Wait(TimeSpan.FromSeconds(30)));
            WriteModel(outputs);
        }));
        Assert.True(workStarted.Wait(TimeSpan.FromSeconds(30)));

        var failing = new StageCache(folder.Path, new StageCacheOptions { LockWait = LockWaitMode.Fail });
        var error = Assert.Throws<ToolchainError>(() => failing.Produce(components, WriteModel));
        Assert.Equal(1, error.ExitCode);
        Assert.Contains($"stage finetune key {components.Key.Short} is locked by another run", error.Message);
        Assert.Contains(".lock", error.Message);

        releaseWork.Set();
        Assert.Equal(ProduceOutcome.Produced, (await producer).Outcome);
        Assert.True(failing.TryGet(components.Stage, components.Key, verify: true).IsHit);
    }

    [Fact]
    public void Waiting_times_out_with_a_clear_error()
    {
        using var folder = new TempFolder();
        var components = ComponentsFixture.Build();
        Directory.CreateDirectory(Path.Combine(folder.Path, components.Stage));
        using var held = KeyLock.TryAcquire(CacheLayout.LockPath(folder.Path, components.Stage, components.Key));

        var cache = new StageCache(folder.Path, new StageCacheOptions
        {
            LockTimeout = TimeSpan.FromMilliseconds(150),
            LockPollInterval = TimeSpan.FromMilliseconds(30),
        });
        var error = Assert.Throws<ToolchainError>(() => cache.Produce(components, WriteModel));
        Assert.Contains("Timed out after", error.Message);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 30 s");
            await Task.Delay(10);
        }
    }
}
