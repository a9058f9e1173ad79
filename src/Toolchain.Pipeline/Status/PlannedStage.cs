using System.Text.Json.Nodes;
using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Status;

/// <summary>A stage as the plan compiler resolved it, before its upstream inputs' digests are known.</summary>
public sealed record PlannedStage(
    string Stage,
    int StageVersion,
    JsonObject Settings,
    IReadOnlyDictionary<string, StageInput> Inputs,
    JsonObject Seeds,
    JsonObject Environment)
{
    /// <summary>
    /// The key components once every input digest is known; <paramref name="upstreamDigest"/>
    /// gives an earlier stage's output digest, or null if it is not known (that stage will run).
    /// </summary>
    public StageKeyComponents? TryResolve(Func<string, string?> upstreamDigest)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, input) in Inputs)
        {
            var digest = input.Digest ?? upstreamDigest(input.UpstreamStage!);
            if (digest is null) return null;
            inputs[name] = digest;
        }
        return new StageKeyComponents(Stage, StageVersion, Settings, inputs, Seeds, Environment);
    }
}
