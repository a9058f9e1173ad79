using System.Text;
using Toolchain.Pipeline.Manifests;

namespace Toolchain.Stages.Audit;

/// <summary>
/// The result of auditing a release: whether the release folder matches its own manifest, and
/// each rebuilt stage compared with the record, in pipeline order, up to the first difference.
/// </summary>
public sealed record AuditReport(string ReleaseFolder, ManifestVerification Integrity, IReadOnlyList<StageAudit> Stages)
{
    public StageAudit? FirstDifference => Stages.FirstOrDefault(s => s.Outcome != StageAuditOutcome.Match);

    /// <summary>True when the folder matches its manifest and every stage, the release included, rebuilt byte for byte.</summary>
    public bool Passed => Integrity.IsValid && FirstDifference is null;

    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append(Integrity.IsValid
            ? "release folder: every file matches its manifest\n"
            : $"release folder does NOT match its manifest: {Integrity.Describe().Replace("\n", "; ", StringComparison.Ordinal)}\n");
        foreach (var stage in Stages)
        {
            switch (stage.Outcome)
            {
                case StageAuditOutcome.Match:
                    sb.Append($"{stage.Stage}: identical (manifest {stage.RebuiltDigest[..12]})");
                    if (stage.KeyChanges.Count > 0) sb.Append($"; key differs ({string.Join("; ", stage.KeyChanges)}) but the bytes agree");
                    sb.Append('\n');
                    break;
                case StageAuditOutcome.NotRecorded:
                    sb.Append($"{stage.Stage}: DIFFERS: the release records no such stage (rebuilt manifest {stage.RebuiltDigest[..12]})\n");
                    break;
                default:
                    sb.Append($"{stage.Stage}: DIFFERS: recorded manifest {stage.RecordedDigest?[..12]}, rebuilt {stage.RebuiltDigest[..12]}\n");
                    foreach (var line in stage.Files?.Describe() ?? []) sb.Append("  ").Append(line).Append('\n');
                    foreach (var change in stage.KeyChanges) sb.Append("  key: ").Append(change).Append('\n');
                    if (stage.Cause is not null) sb.Append("  most likely cause: ").Append(stage.Cause).Append('\n');
                    break;
            }
        }
        sb.Append(FirstDifference is { } first
            ? $"audit FAILED: first differing stage is {first.Stage}\n"
            : Integrity.IsValid ? "audit passed: every stage rebuilt byte for byte\n" : "audit FAILED: the release folder was altered after it was written\n");
        return sb.ToString();
    }
}
