using Toolchain.Data.Canonical;

namespace Toolchain.Data.Tests.TestSupport;

public static class Records
{
    public static CanonicalRecord Make(string id, string diagnosis, string split = "", string? group = null,
        bool? hair = null, bool? gelBubble = null, bool? ruler = null, bool? ink = null) => new()
    {
        FileName = "",
        Id = id,
        GroupId = group,
        Split = split,
        Diagnosis = diagnosis,
        Labels = new ArtifactLabels { Hair = hair, GelBubble = gelBubble, Ruler = ruler, Ink = ink },
        Source = "test",
        SourceId = id,
    };

    /// <summary>
    /// An RL4Med-like dataset: MEL and NV with the four artifacts, where the count of each diagnosis x
    /// artifact cell falls with the number of artifacts (some cells are empty, as in ISIC 2019).
    /// </summary>
    public static List<CanonicalRecord> Rl4MedLike()
    {
        var records = new List<CanonicalRecord>();
        foreach (var (diagnosis, scale) in new[] { ("MEL", 1), ("NV", 3) })
        {
            for (var mask = 0; mask < 16; mask++)
            {
                var bits = System.Numerics.BitOperations.PopCount((uint)mask);
                var count = bits switch { 0 => 40 * scale, 1 => 12 * scale, 2 => 3 * scale, _ => mask == 15 ? 0 : 1 };
                for (var i = 0; i < count; i++)
                {
                    var id = $"{diagnosis}_{mask:D2}_{i:D3}";
                    records.Add(Make(id, diagnosis, group: $"lesion_{diagnosis}_{mask}_{i / 2}",
                        hair: (mask & 8) != 0, gelBubble: (mask & 4) != 0, ruler: (mask & 2) != 0, ink: (mask & 1) != 0));
                }
            }
        }
        return records;
    }
}
