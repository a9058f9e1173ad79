namespace Toolchain.Stages.Audit;

public enum StageAuditOutcome
{
    /// <summary>The rebuilt outputs have the recorded manifest digest: byte for byte the same.</summary>
    Match,

    /// <summary>The rebuilt outputs differ from the record.</summary>
    Differs,

    /// <summary>The release's record has no entry for a stage its spec runs.</summary>
    NotRecorded,
}

/// <summary>One stage's audit result.</summary>
/// <param name="KeyChanges">Key components that differ between record and rebuild (ComponentDiff lines); empty when the keys are equal.</param>
/// <param name="Files">File-by-file difference when the outputs differ and the record has the stage's manifest.</param>
/// <param name="Cause">The most likely cause of a difference, in words.</param>
public sealed record StageAudit(
    string Stage,
    StageAuditOutcome Outcome,
    string? RecordedDigest,
    string RebuiltDigest,
    IReadOnlyList<string> KeyChanges,
    ManifestComparison? Files = null,
    string? Cause = null);
