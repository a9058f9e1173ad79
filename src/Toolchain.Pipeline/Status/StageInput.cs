using Toolchain.Core;
using Toolchain.Pipeline.Hashing;
using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Status;

/// <summary>
/// Where a planned stage's input comes from: a folder whose manifest digest is already known
/// (a dataset, weights), or the outputs of an earlier stage of the plan, whose digest is only
/// known once that stage is cached.
/// </summary>
public sealed record StageInput
{
    private StageInput(string? digest, string? upstreamStage)
    {
        Digest = digest;
        UpstreamStage = upstreamStage;
    }

    public string? Digest { get; }
    public string? UpstreamStage { get; }

    public static StageInput OfDigest(string manifestDigest) =>
        Sha256Hex.IsValid(manifestDigest)
            ? new StageInput(manifestDigest, null)
            : throw new ToolchainError($"'{manifestDigest}' is not a manifest digest (64 lowercase hex characters).", exitCode: 2);

    public static StageInput OutputOf(string stage) => new(null, StageName.Validate(stage));
}
