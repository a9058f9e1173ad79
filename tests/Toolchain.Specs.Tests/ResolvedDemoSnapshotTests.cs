using System.Text.Json.Nodes;
using ApprovalTests;
using ApprovalTests.Reporters;
using Toolchain.Pipeline.Hashing;
using Toolchain.Specs.Loading;

namespace Toolchain.Specs.Tests;

/// <summary>
/// Pins the fully resolved demo spec (what the stages hash). A change here changes cache keys,
/// so it should be deliberate: approve the new .received.txt by renaming it to .approved.txt.
/// </summary>
[UseReporter(typeof(QuietReporter))]
public class ResolvedDemoSnapshotTests
{
    [Fact]
    public void Resolved_demo_settings()
    {
        var spec = SpecLoader.Load(RepoFiles.PathOf("dataset-specs/demo.yaml"));
        var snapshot = new JsonObject
        {
            ["dataset"] = spec.DatasetSettings.DeepClone(),
            ["pipeline"] = spec.Pipeline.Name,
            ["stages"] = new JsonArray([.. spec.Stages.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["version"] = s.Version,
                ["depends_on"] = new JsonArray([.. s.DependsOn.Select(d => (JsonNode)d)]),
                ["settings"] = s.Settings.DeepClone(),
            })]),
        };
        var text = CanonicalJson.SerializeIndented(snapshot);
        Assert.DoesNotContain(RepoFiles.Root, text);
        Approvals.Verify(text.ReplaceLineEndings("\n") + "\n");
    }

    [Fact]
    public void Canonical_json_sorts_keys_at_every_depth()
    {
        var node = JsonNode.Parse("""{"b":1,"a":{"d":[{"z":1,"y":2}],"c":0.0001}}""");
        Assert.Equal("""{"a":{"c":0.0001,"d":[{"y":2,"z":1}]},"b":1}""", CanonicalJson.Serialize(node));
    }
}
