using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Tests.Worker;

namespace Toolchain.Pipeline.Tests;

/// <summary>Real child processes: one killed mid-write, two contending for the same key.</summary>
public class CrossProcessTests
{
    private const string Stage = "sample";
    private const int Files = 12;

    [Fact]
    public void Killed_mid_write_leaves_no_valid_entry_and_the_rerun_succeeds()
    {
        using var folder = new TempFolder();
        var components = WorkerStage.Components(Stage, Files);
        var stageDirectory = Path.Combine(folder.Path, Stage);

        // The release file is never created: the worker cannot finish, whatever the machine's load.
        using (var worker = WorkerProcess.Start(folder.Path, Stage, "wait", Files, delayMs: 200, releaseFile: folder.Combine("never")))
        {
            worker.WaitUntilWorking();
            // Let it write a few files (and likely be inside a half-written one), then kill it.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Directory.GetFiles(stageDirectory, "part-*.bin", SearchOption.AllDirectories).Length < 3)
            {
                Assert.True(DateTime.UtcNow < deadline, "worker wrote no files");
                Thread.Sleep(20);
            }
            worker.Kill();
            Assert.DoesNotContain("OUTCOME", worker.Stdout);
        }

        var stale = Assert.Single(Directory.GetDirectories(stageDirectory, ".tmp-*"));
        var written = Directory.GetFiles(stale, "*", SearchOption.AllDirectories).Length;
        Assert.InRange(written, 3, Files);
        var cache = new StageCache(folder.Path);
        Assert.Equal(CacheLookupStatus.Missing, cache.TryGet(Stage, components.Key).Status);

        var rerun = cache.Produce(components, outputs => WorkerStage.WriteOutputs(outputs, Files, TimeSpan.Zero));

        Assert.Equal(ProduceOutcome.Produced, rerun.Outcome);
        Assert.Equal(Files, rerun.Entry.Manifest.Entries.Count);
        Assert.True(cache.TryGet(Stage, components.Key, verify: true).IsHit);
        Assert.False(Directory.Exists(stale));
    }

    [Fact]
    public void Second_process_waits_for_the_first_then_hits()
    {
        using var folder = new TempFolder();
        var components = WorkerStage.Components(Stage, Files);

        var release = folder.Combine("release-first");
        using var first = WorkerProcess.Start(folder.Path, Stage, "wait", Files, delayMs: 0, release);
        first.WaitUntilWorking();
        using var second = WorkerProcess.Start(folder.Path, Stage, "wait", Files, delayMs: 0);
        second.WaitUntilStderrContains("waiting for lock held by another run");
        File.WriteAllText(release, "");

        Assert.Equal(0, first.WaitForExit());
        Assert.Equal(0, second.WaitForExit());
        Assert.Contains($"OUTCOME Produced {components.Key.Hex}", first.Stdout);
        Assert.Contains($"OUTCOME Hit {components.Key.Hex}", second.Stdout);
        Assert.DoesNotContain("STARTED", second.Stdout);

        var lookup = new StageCache(folder.Path).TryGet(Stage, components.Key, verify: true);
        Assert.True(lookup.IsHit, lookup.Problem);
        Assert.Equal(Files, lookup.Entry!.Manifest.Entries.Count);
        Assert.Empty(Directory.GetDirectories(Path.Combine(folder.Path, Stage), ".tmp-*"));
    }

    [Fact]
    public void Second_process_in_fail_mode_exits_with_a_clear_error_and_no_corruption()
    {
        using var folder = new TempFolder();
        var components = WorkerStage.Components(Stage, Files);

        var release = folder.Combine("release-first");
        using var first = WorkerProcess.Start(folder.Path, Stage, "wait", Files, delayMs: 0, release);
        first.WaitUntilWorking();
        using var second = WorkerProcess.Start(folder.Path, Stage, "fail", Files, delayMs: 0);

        Assert.Equal(1, second.WaitForExit());
        Assert.Contains($"error: stage {Stage} key {components.Key.Short} is locked by another run", second.Stderr);
        File.WriteAllText(release, "");
        Assert.Equal(0, first.WaitForExit());
        Assert.True(new StageCache(folder.Path).TryGet(Stage, components.Key, verify: true).IsHit);
    }
}
