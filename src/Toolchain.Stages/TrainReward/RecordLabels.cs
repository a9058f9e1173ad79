using Toolchain.Core;
using Toolchain.Data.Canonical;

namespace Toolchain.Stages.TrainReward;

/// <summary>
/// A record's targets in head order: an artifact head is its annotation (1, 0, NaN when not annotated); a
/// diagnosis head (a diagnosis code such as MEL) is 1 when the record has that diagnosis, else 0.
/// </summary>
public static class RecordLabels
{
    public static float[] Of(CanonicalRecord record, IReadOnlyList<string> heads) => heads.Select(head => head switch
    {
        _ when DiagnosisCodes.IsValid(head) => record.Diagnosis == head ? 1f : 0f,
        _ when BinaryLabels.IsValid(head) => record.Labels.Get(head) switch
        {
            true => 1f,
            false => 0f,
            null => float.NaN,
        },
        _ => throw new ToolchainError($"label '{head}' is neither a diagnosis code nor a binary label", 2),
    }).ToArray();

    public static IReadOnlyList<float[]> Of(IReadOnlyList<CanonicalRecord> records, IReadOnlyList<string> heads) =>
        records.Select(r => Of(r, heads)).ToArray();
}
