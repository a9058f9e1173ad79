using System.Text.Json.Nodes;

namespace Toolchain.Stages.Running;

/// <summary>What a stage reports when it finishes: a one-line summary for the console and facts for the entry's metadata.</summary>
public sealed record StageSummary(string Line, JsonObject Facts)
{
    public static StageSummary Of(string line, JsonObject? facts = null) => new(line, facts ?? new JsonObject());
}
