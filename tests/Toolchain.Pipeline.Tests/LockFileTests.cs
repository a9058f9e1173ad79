using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Locking;

namespace Toolchain.Pipeline.Tests;

public class LockFileTests
{
    [Fact]
    public void Same_run_writes_the_same_bytes_and_reads_back()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Combine("cache"));
        var first = new PlanFixture().Run(cache);
        var second = new PlanFixture().Run(cache);

        first.Write(folder.Combine("a.lock.json"));
        second.Write(folder.Combine("b.lock.json"));
        var bytes = File.ReadAllBytes(folder.Combine("a.lock.json"));
        Assert.Equal(bytes, File.ReadAllBytes(folder.Combine("b.lock.json")));

        var read = LockFile.Read(folder.Combine("a.lock.json"));
        Assert.Equal(first.ToText(), read.ToText());
        Assert.Equal(["finetune", "prepare"], read.Stages.Keys);
        Assert.Equal(first.Stages["finetune"].Key, read.Stages["finetune"].Key);
        Assert.Equal(first.Stages["prepare"].OutputDigest, read.Stages["prepare"].OutputDigest);
    }

    [Fact]
    public void Concurrent_writers_of_the_same_lock_file_never_fail_and_leave_no_temporary()
    {
        using var folder = new TempFolder();
        var lockFile = new PlanFixture().Run(new StageCache(folder.Combine("cache")));
        var path = folder.Combine("ci.lock");
        // Before each write got its own temporary name, one writer's rename took the other's file away.
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => lockFile.Write(path));

        Assert.Equal(lockFile.ToText(), LockFile.Read(path).ToText());
        Assert.Equal(["ci.lock"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Text_is_sorted_indented_json_with_every_recorded_component()
    {
        using var folder = new TempFolder();
        var lockFile = new PlanFixture().Run(new StageCache(folder.Path));
        var text = lockFile.ToText();
        var finetune = lockFile.Stages["finetune"];

        Assert.StartsWith("{\n  \"schema\": 1,\n  \"stages\": {\n    \"finetune\": {\n      \"environment\": {\n", text);
        Assert.EndsWith("}\n", text);
        Assert.Contains($"      \"key\": \"{finetune.Key.Hex}\",\n", text);
        Assert.Contains($"        \"manifest_digest\": \"{finetune.OutputDigest}\"\n", text);
        Assert.Contains("        \"epochs\": 3,\n", text);
        Assert.Contains("        \"seed\": 42\n", text);
        Assert.Contains("        \"threads\": 2\n", text);
        Assert.Contains("      \"stage_version\": 1\n", text);
        Assert.Contains($"        \"prepare\": \"{lockFile.Stages["prepare"].OutputDigest}\"\n", text);
    }

    [Fact]
    public void Hand_edited_component_without_a_matching_key_is_rejected()
    {
        using var folder = new TempFolder();
        var text = new PlanFixture().Run(new StageCache(folder.Path)).ToText().Replace("\"epochs\": 3", "\"epochs\": 30");

        var error = Assert.Throws<ToolchainError>(() => LockFile.Parse(text, "augment.lock.json"));
        Assert.Contains("augment.lock.json: stage 'finetune': recorded key", error.Message);
        Assert.Contains("does not match its components", error.Message);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"schema\": 2, \"stages\": {}}", "'schema' must be 1")]
    [InlineData("{\"schema\": 1, \"stages\": {\"x\": {\"key\": \"k\"}}}", "missing 'outputs'")]
    public void Malformed_lock_files_fail_with_the_file_name(string text, string message)
    {
        var error = Assert.Throws<ToolchainError>(() => LockFile.Parse(text, "augment.lock.json"));
        Assert.StartsWith("augment.lock.json", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void With_replaces_a_stage_of_the_same_name()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var before = new PlanFixture().Run(cache);
        var after = new PlanFixture(Epochs: 9).Run(cache);

        var merged = before.With(after.Stages["finetune"]);
        Assert.Equal(2, merged.Stages.Count);
        Assert.Equal(9, merged.Stages["finetune"].Components.Settings["epochs"]!.GetValue<int>());
        Assert.IsType<JsonObject>(merged.Stages["prepare"].ToJson()["outputs"]);
    }
}
