using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Locking;
using Toolchain.Pipeline.Status;

namespace Toolchain.Pipeline.Tests;

public class StatusReportTests
{
    private static (TempFolder Folder, StageCache Cache, LockFile Lock) RunBaseline()
    {
        var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        return (folder, cache, new PlanFixture().Run(cache));
    }

    [Fact]
    public void First_run_says_no_previous_run_and_downstream_waits_for_upstream()
    {
        using var folder = new TempFolder();
        var report = StatusReport.Compute(new PlanFixture().Plan(), previous: null, new StageCache(folder.Path));

        Assert.Equal("prepare: will run because no previous run", report["prepare"].Describe());
        Assert.Equal("finetune: will run because input prepare comes from stage prepare, which will run", report["finetune"].Describe());
        Assert.Null(report["finetune"].Key);
    }

    [Fact]
    public void Unchanged_plan_is_fully_cached()
    {
        var (folder, cache, lockFile) = RunBaseline();
        using var _ = folder;
        var report = StatusReport.Compute(new PlanFixture().Plan(), lockFile, cache, verify: true);

        Assert.All(report.Stages, s => Assert.Equal(StageState.Cached, s.State));
        Assert.Equal(lockFile.Stages["finetune"].Key, report["finetune"].Key);
        Assert.Equal(lockFile.Stages["prepare"].OutputDigest, report["prepare"].OutputDigest);
        Assert.StartsWith("prepare: cached (", report.Describe());
    }

    public static TheoryData<string, string, string> Changes() => new()
    {
        { "epochs", "finetune", "settings.epochs: 3 -> 4" },
        { "seed", "finetune", "seeds.seed: 42 -> 43" },
        { "threads", "prepare", "environment.threads: 2 -> 4" },
        { "threads", "finetune", "environment.threads: 2 -> 4" },
        { "version", "prepare", "stage version 1 -> 2" },
        { "raw", "prepare", "input raw changed (" },
        { "image_size", "prepare", "settings.image_size: 64 -> 128" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Changed_component_is_named_exactly(string change, string stage, string expectedReason)
    {
        var (folder, cache, lockFile) = RunBaseline();
        using var _ = folder;
        var fixture = change switch
        {
            "epochs" => new PlanFixture(Epochs: 4),
            "seed" => new PlanFixture(Seed: 43),
            "threads" => new PlanFixture(Threads: 4),
            "version" => new PlanFixture(PrepareVersion: 2),
            "raw" => new PlanFixture(RawDigestSource: "raw dataset v2"),
            "image_size" => new PlanFixture(ImageSize: 128),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        var status = StatusReport.Compute(fixture.Plan(), lockFile, cache)[stage];

        Assert.Equal(StageState.WillRun, status.State);
        Assert.Contains(status.Reasons, r => r.StartsWith(expectedReason, StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_change_names_only_that_setting_and_leaves_upstream_cached()
    {
        var (folder, cache, lockFile) = RunBaseline();
        using var _ = folder;
        var report = StatusReport.Compute(new PlanFixture(Epochs: 4).Plan(), lockFile, cache);

        Assert.Equal(StageState.Cached, report["prepare"].State);
        Assert.Equal("finetune: will run because settings.epochs: 3 -> 4", report["finetune"].Describe());
    }

    [Fact]
    public void Downstream_of_a_rerun_names_the_pending_input_and_its_own_changes()
    {
        var (folder, cache, lockFile) = RunBaseline();
        using var _ = folder;
        var report = StatusReport.Compute(new PlanFixture(ImageSize: 128, Epochs: 5).Plan(), lockFile, cache);

        Assert.Equal(
            ["input prepare comes from stage prepare, which will run", "settings.epochs: 3 -> 5"],
            report["finetune"].Reasons);
    }

    [Fact]
    public void Upstream_output_that_changed_since_the_lock_is_reported_as_a_changed_input()
    {
        var (folder, cache, lockFile) = RunBaseline();
        using var _ = folder;
        var changed = new PlanFixture(ImageSize: 128);
        var prepare = changed.Plan()[0].TryResolve(_ => null)!;
        cache.Produce(prepare, dir => File.WriteAllText(Path.Combine(dir, "out.txt"), "different images"));

        var report = StatusReport.Compute(changed.Plan(), lockFile, cache);

        Assert.Equal(StageState.Cached, report["prepare"].State);
        var reason = Assert.Single(report["finetune"].Reasons);
        Assert.StartsWith("input prepare changed (", reason);
    }

    [Fact]
    public void Same_key_without_its_entry_says_cache_entry_missing()
    {
        var (folder, cache, lockFile) = RunBaseline();
        using var _ = folder;
        cache.Remove("finetune", lockFile.Stages["finetune"].Key);

        var report = StatusReport.Compute(new PlanFixture().Plan(), lockFile, cache);

        Assert.Equal(StageState.Cached, report["prepare"].State);
        Assert.Equal("finetune: will run because cache entry missing", report["finetune"].Describe());
    }

    [Fact]
    public void Corrupt_entry_is_named_when_verifying()
    {
        var (folder, cache, lockFile) = RunBaseline();
        using var _ = folder;
        var entry = cache.TryGet("prepare", lockFile.Stages["prepare"].Key).Entry!;
        File.AppendAllText(Path.Combine(entry.OutputsDirectory, "out.txt"), "tampered");

        // The size changed, so even the quick check done without --verify sees it.
        Assert.Contains("out.txt (size", StatusReport.Compute(new PlanFixture().Plan(), lockFile, cache)["prepare"].Describe());
        var verified = StatusReport.Compute(new PlanFixture().Plan(), lockFile, cache, verify: true);
        Assert.Contains("outputs do not match the manifest", verified["prepare"].Describe());
        Assert.Equal(StageState.WillRun, verified["finetune"].State);
    }

    [Fact]
    public void Forced_stage_reruns_and_its_downstream_waits_for_it()
    {
        var (folder, cache, lockFile) = RunBaseline();
        using var _ = folder;
        var report = StatusReport.Compute(new PlanFixture().Plan(), lockFile, cache, force: new HashSet<string> { "prepare" });

        Assert.Equal("prepare: will run because forced", report["prepare"].Describe());
        Assert.Equal("finetune: will run because input prepare comes from stage prepare, which will run", report["finetune"].Describe());
    }

    [Fact]
    public void Forcing_an_unknown_stage_is_an_argument_error()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<ToolchainError>(() =>
            StatusReport.Compute(new PlanFixture().Plan(), null, new StageCache(folder.Path), force: new HashSet<string> { "sampel" }));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("'sampel'", error.Message);
    }

    [Fact]
    public void Plan_where_an_input_names_a_later_stage_is_rejected()
    {
        using var folder = new TempFolder();
        var plan = new PlanFixture().Plan().Reverse().ToList();
        var error = Assert.Throws<ToolchainError>(() => StatusReport.Compute(plan, null, new StageCache(folder.Path)));
        Assert.Contains("not earlier in the plan", error.Message);
    }
}
