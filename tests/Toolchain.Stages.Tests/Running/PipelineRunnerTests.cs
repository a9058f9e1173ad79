using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Status;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Running;

namespace Toolchain.Stages.Tests.Running;

public class PipelineRunnerTests
{
    private static IReadOnlyList<StageRun> Prepare(SpecWorkspace workspace, string spec = "ci", string? cache = null) =>
        new PipelineRunner(StageCatalogue.Default(), TextWriter.Null)
            .Run(SpecLoader.Load(workspace.Spec(spec)), new RunOptions(cache ?? workspace.Cache, "prepare"));

    [Fact]
    public void SecondRunIsACacheHitAndWritesTheLockFile()
    {
        using var workspace = new SpecWorkspace();
        var first = Prepare(workspace).Single();
        Assert.Equal(ProduceOutcome.Produced, first.Outcome);
        var second = Prepare(workspace).Single();
        Assert.Equal(ProduceOutcome.Hit, second.Outcome);
        Assert.Equal(first.Entry.OutputDigest, second.Entry.OutputDigest);
        Assert.True(File.Exists(Path.ChangeExtension(workspace.Spec("ci"), ".lock")));
    }

    [Fact]
    public void SameSpecInTwoFreshCachesGivesTheSameBytes()
    {
        using var workspace = new SpecWorkspace();
        var a = Prepare(workspace, cache: Path.Combine(workspace.Root, "cache-a")).Single();
        var b = Prepare(workspace, cache: Path.Combine(workspace.Root, "cache-b")).Single();
        Assert.Equal(ProduceOutcome.Produced, b.Outcome);
        Assert.Equal(a.Entry.Manifest.Text, b.Entry.Manifest.Text);
    }

    [Fact]
    public void StatusNamesTheChangedSetting()
    {
        using var workspace = new SpecWorkspace();
        Prepare(workspace);
        Assert.Equal(StageState.Cached, PipelineRunner.Status(SpecLoader.Load(workspace.Spec("ci")), workspace.Cache)["prepare"].State);

        workspace.Replace("ci", "    count: 240", "    count: 200");
        var status = PipelineRunner.Status(SpecLoader.Load(workspace.Spec("ci")), workspace.Cache)["prepare"];
        Assert.Equal(StageState.WillRun, status.State);
        Assert.Contains(status.Reasons, r => r.Contains("settings.dataset.data.procedural.count: 240 -> 200", StringComparison.Ordinal));
    }

    [Fact]
    public void StatusNamesACpuCodePathThatDiffersFromTheLastRun()
    {
        using var workspace = new SpecWorkspace();
        Prepare(workspace);
        // As if the last run had been on a host whose libtorch dispatched to AVX-512 kernels.
        var lockPath = Path.ChangeExtension(workspace.Spec("ci"), ".lock");
        var lockJson = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(lockPath))!;
        var entry = lockJson["stages"]!["prepare"]!.AsObject();
        string current = entry["environment"]!["aten_cpu_capability"]!.GetValue<string>();
        entry["environment"]!["aten_cpu_capability"] = "AVX512-ELSEWHERE";
        // The lock file checks each key against its components, so the other host's key goes in with them.
        var components = (System.Text.Json.Nodes.JsonObject)entry.DeepClone();
        components.Remove("key");
        components.Remove("outputs");
        components["stage"] = "prepare";
        entry["key"] = Toolchain.Pipeline.Keys.StageKeyComponents.FromJson(components, lockPath).Key.Hex;
        File.WriteAllText(lockPath, lockJson.ToJsonString());

        // That host's cache entries are not here.
        var status = PipelineRunner.Status(SpecLoader.Load(workspace.Spec("ci")), Path.Combine(workspace.Root, "cache-this-host"))["prepare"];

        Assert.Equal(StageState.WillRun, status.State);
        Assert.Contains(status.Reasons, r => r.Contains($"environment.aten_cpu_capability: \"AVX512-ELSEWHERE\" -> \"{current}\"", StringComparison.Ordinal));
    }

    [Fact]
    public void QuotaChangeDoesNotRerunPrepare()
    {
        using var workspace = new SpecWorkspace();
        Prepare(workspace);
        workspace.Replace("ci", "{subgroup: mel-ink, count: 8}", "{subgroup: mel-ink, count: 9}");
        var status = PipelineRunner.Status(SpecLoader.Load(workspace.Spec("ci")), workspace.Cache)["prepare"];
        Assert.Equal(StageState.Cached, status.State);
    }

    [Fact]
    public void ForcedStageRunsAgain()
    {
        using var workspace = new SpecWorkspace();
        Prepare(workspace);
        var forced = new PipelineRunner(StageCatalogue.Default(), TextWriter.Null)
            .Run(SpecLoader.Load(workspace.Spec("ci")), new RunOptions(workspace.Cache, "prepare", new HashSet<string> { "prepare" }))
            .Single();
        Assert.Equal(ProduceOutcome.Produced, forced.Outcome);
    }

    [Fact]
    public void UnknownUntilStageIsAUserError()
    {
        using var workspace = new SpecWorkspace();
        var error = Assert.Throws<Core.ToolchainError>(() =>
            new PipelineRunner(StageCatalogue.Default(), TextWriter.Null).Run(SpecLoader.Load(workspace.Spec("ci")), new RunOptions(workspace.Cache, "polish")));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("polish", error.Message);
    }
}
