using Toolchain.Specs.Stages;
using Toolchain.Stages.Audit;
using Toolchain.Stages.Tests.Release;

namespace Toolchain.Stages.Tests.Audit;

[Collection(ReleasedWorkspaceCollection.Name)]
public class ReleaseAuditTests(ReleasedWorkspace released)
{
    private static AuditReport Audit(string folder, Toolchain.Stages.Running.StageRegistry? registry = null) =>
        new ReleaseAuditor(registry ?? FabricatedStages.Registry(), TextWriter.Null).Audit(folder);

    [Fact]
    public void UntouchedReleaseRebuildsByteForByte()
    {
        var folder = released.CopyOfRelease();

        var report = Audit(folder);

        Assert.True(report.Passed, report.Describe());
        Assert.Equal(["prepare", "finetune", "train_reward", "refine", "sample", "filter", "evaluate", "retrain", "release"], report.Stages.Select(s => s.Stage));
        Assert.All(report.Stages, s => Assert.Empty(s.KeyChanges));
        Assert.Contains("audit passed", report.Describe());
    }

    [Fact]
    public void ChangedSettingInTheReleasedSpecNamesTheStageAndTheSetting()
    {
        var folder = released.CopyOfRelease();
        var pipeline = Path.Combine(folder, "spec", "pipelines", "tiny-cpu.yaml");
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("    threshold: 0.5", "    threshold: 0.6", StringComparison.Ordinal));

        var report = Audit(folder);

        Assert.False(report.Passed);
        Assert.Contains("spec/pipelines/tiny-cpu.yaml", report.Integrity.Describe());
        var first = report.FirstDifference!;
        Assert.Equal(StageCatalog.TrainReward, first.Stage);
        Assert.Equal(["prepare", "finetune", "train_reward"], report.Stages.Select(s => s.Stage));
        Assert.StartsWith("settings differ: settings.stage.classifier.threshold: 0.5 -> 0.6", first.Cause);
        Assert.Equal(["report.json"], first.Files!.Differ);
        Assert.Contains("audit FAILED: first differing stage is train_reward", report.Describe());
    }

    [Fact]
    public void NondeterministicStageIsNamedWithTheFilesThatDiffer()
    {
        var folder = released.CopyOfRelease();
        var drifting = new FabricatedStages.Fake(StageCatalog.Refine, c =>
            File.WriteAllText(c.Output("rewards.csv"), "epoch,reward_mean\n0,0.5\n1,0.71\n"));

        var report = Audit(folder, FabricatedStages.Registry(drifting));

        Assert.True(report.Integrity.IsValid);
        var first = report.FirstDifference!;
        Assert.Equal(StageCatalog.Refine, first.Stage);
        Assert.Equal(StageAuditOutcome.Differs, first.Outcome);
        Assert.Empty(first.KeyChanges);
        Assert.Equal(["rewards.csv"], first.Files!.Differ);
        Assert.StartsWith("nondeterminism", first.Cause);
    }

    [Fact]
    public void AlteredReleaseFileFailsTheAuditEvenWhenEveryStageRebuilds()
    {
        var folder = released.CopyOfRelease();
        File.AppendAllText(Path.Combine(folder, "README.md"), "edited\n");

        var report = Audit(folder);

        Assert.False(report.Passed);
        Assert.Null(report.FirstDifference);
        Assert.Equal(["README.md"], report.Integrity.Altered.Select(a => a.Path));
        Assert.Contains("altered after it was written", report.Describe());
    }

    [Fact]
    public void LikelyCausePrefersSettingsThenVersionThenInputsThenEnvironment()
    {
        var build = new Toolchain.Stages.Release.BuildRecord(Toolchain.Stages.Release.SourceRevision.Current, []);
        Assert.StartsWith("code version differs", ReleaseAuditor.LikelyCause(["stage version 1 -> 2", "environment.threads: \"2\" -> \"4\""], build));
        Assert.StartsWith("environment differs", ReleaseAuditor.LikelyCause(["environment.threads: \"2\" -> \"4\""], build));
        Assert.StartsWith("input data differs", ReleaseAuditor.LikelyCause(["input data:path changed (aaa -> bbb)"], build));
        Assert.StartsWith("code version differs: same key", ReleaseAuditor.LikelyCause([], build with { SourceRevision = "0000" }));
    }
}
