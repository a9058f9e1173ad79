using Toolchain.Specs.Docs;

namespace Toolchain.Specs.Tests;

public class SchemaReferenceDocTests
{
    [Fact]
    public void The_committed_reference_doc_matches_the_schema()
    {
        var committedPath = RepoFiles.PathOf("docs/spec-reference.md");
        var generated = SchemaMarkdown.Render();
        var committed = File.Exists(committedPath) ? File.ReadAllText(committedPath).ReplaceLineEndings("\n") : "";
        if (committed == generated) return;

        var receivedPath = RepoFiles.PathOf("docs/spec-reference.received.md");
        Directory.CreateDirectory(Path.GetDirectoryName(receivedPath)!);
        File.WriteAllText(receivedPath, generated);
        Assert.Fail($"docs/spec-reference.md is out of date with the schema. The generated version was written to {receivedPath}; " +
            "copy it over docs/spec-reference.md (or run `toolchain schema > docs/spec-reference.md`) and commit it.");
    }

    [Fact]
    public void The_reference_documents_every_stage_and_key_example()
    {
        var doc = SchemaMarkdown.Render();
        foreach (var stage in Stages.StageCatalog.All) Assert.Contains($"### Stage `{stage.Name}` (version {stage.Version})", doc);
        Assert.Contains("| `stages.refine.clip_range` | float, in (0, 1] | `0.0001` |", doc);
        Assert.Contains("| `quotas[].ratio` |", doc);
        Assert.Contains("Exactly one of `count`, `fill_to`, `ratio`.", doc);
    }
}
