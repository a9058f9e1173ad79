using Toolchain.Core;
using Toolchain.Data.Canonical;

namespace Toolchain.Data.Splits;

/// <summary>
/// Assigns train/val/test/judge without leakage. Records sharing a group_id (patient or lesion) form one unit
/// that goes to a single split; a record without a group is its own unit. Units are stratified by their
/// majority diagnosis; within each stratum they are shuffled by a seed-derived generator, placed largest first,
/// each into the split furthest below its target count, so every split's share of every diagnosis is close to
/// its fraction. The result depends only on the records' ids, groups and diagnoses and on the seed, never on
/// input order. Because groups never straddle splits, the judge split shares no patient or lesion with training.
/// </summary>
public static class SplitPlanner
{
    /// <summary>The records with <see cref="CanonicalRecord.Split"/> set, in id order.</summary>
    public static IReadOnlyList<CanonicalRecord> Assign(IReadOnlyList<CanonicalRecord> records, SplitSettings settings)
    {
        var withSplit = records.Count(r => r.Split.Length > 0);
        if (settings.KeepOfficialSplit && withSplit > 0)
        {
            if (withSplit != records.Count)
            {
                throw new ToolchainError($"{withSplit} of {records.Count} records have an official split and the others none; give every record a split or disable keeping the official split", 1);
            }
            return KeepOfficial(records, settings);
        }
        var cleared = records.Select(r => r with { Split = "" }).ToList();
        return Distribute(cleared, settings.Fractions, settings.Seed, SplitNames.All);
    }

    private static IReadOnlyList<CanonicalRecord> KeepOfficial(IReadOnlyList<CanonicalRecord> records, SplitSettings settings)
    {
        var invalid = records.Where(r => !SplitNames.IsValid(r.Split)).Select(r => r.Split).Distinct().ToList();
        if (invalid.Count > 0)
        {
            throw new ToolchainError($"official split values {string.Join(", ", invalid)} are not {string.Join(", ", SplitNames.All)}", 1);
        }
        var fractions = settings.Fractions;
        if (records.Any(r => r.Split == SplitNames.Judge) || fractions.Judge == 0 || fractions.Test + fractions.Judge == 0)
        {
            return Ordered(records);
        }
        // Carve the judge split out of the official test split, keeping the official train and val untouched.
        var test = records.Where(r => r.Split == SplitNames.Test).Select(r => r with { Split = "" }).ToList();
        var share = fractions.Test / (fractions.Test + fractions.Judge);
        var divided = Distribute(test, TestJudge(share), settings.Seed, [SplitNames.Test, SplitNames.Judge]);
        return Ordered(records.Where(r => r.Split != SplitNames.Test).Concat(divided).ToList());
    }

    private static Dictionary<string, double> TestJudge(double testShare) => new(StringComparer.Ordinal)
    {
        [SplitNames.Test] = testShare,
        [SplitNames.Judge] = 1 - testShare,
    };

    private static IReadOnlyList<CanonicalRecord> Distribute(List<CanonicalRecord> records, SplitFractions fractions, ulong seed, IReadOnlyList<string> splits) =>
        Distribute(records, splits.ToDictionary(s => s, fractions.Of, StringComparer.Ordinal), seed, splits);

    private static IReadOnlyList<CanonicalRecord> Distribute(List<CanonicalRecord> records, IReadOnlyDictionary<string, double> fractions, ulong seed, IReadOnlyList<string> splits)
    {
        var units = records
            .GroupBy(r => r.GroupId is null ? "record:" + r.Id : "group:" + r.GroupId, StringComparer.Ordinal)
            .Select(g => new Unit(g.Key, g.OrderBy(r => r.Id, StringComparer.Ordinal).ToList()))
            .ToList();
        var assigned = new List<CanonicalRecord>(records.Count);
        var candidates = splits.Where(s => fractions[s] > 0).ToList();
        // Global counts break ties between splits equally short in a stratum, so many tiny strata (one record
        // per diagnosis) still spread over the splits instead of all landing in the first one.
        var globalCounts = candidates.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        var globalTotal = 0;
        foreach (var stratum in units.GroupBy(u => u.Stratum).OrderBy(g => DiagnosisCodes.Order(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = stratum.OrderBy(u => u.Key, StringComparer.Ordinal).ToList();
            new DeterministicRandom(seed ^ DeterministicRandom.StableHash(stratum.Key)).Shuffle(ordered);
            // Largest groups first (stable, so equal sizes keep the shuffled order) leaves small units to even out the counts.
            ordered = ordered.OrderByDescending(u => u.Records.Count).ToList();
            var total = ordered.Sum(u => u.Records.Count);
            var counts = candidates.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
            foreach (var unit in ordered)
            {
                globalTotal += unit.Records.Count;
                var best = candidates[0];
                (double Stratum, double Global) bestDeficit = (double.NegativeInfinity, double.NegativeInfinity);
                foreach (var split in candidates)
                {
                    var deficit = (fractions[split] * total - counts[split], fractions[split] * globalTotal - globalCounts[split]);
                    var better = deficit.Item1 > bestDeficit.Stratum + 1e-9
                        || (Math.Abs(deficit.Item1 - bestDeficit.Stratum) <= 1e-9 && deficit.Item2 > bestDeficit.Global + 1e-9);
                    if (better)
                    {
                        best = split;
                        bestDeficit = deficit;
                    }
                }
                counts[best] += unit.Records.Count;
                globalCounts[best] += unit.Records.Count;
                assigned.AddRange(unit.Records.Select(r => r with { Split = best }));
            }
        }
        return Ordered(assigned);
    }

    private static IReadOnlyList<CanonicalRecord> Ordered(IReadOnlyList<CanonicalRecord> records) =>
        records.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    /// <summary>One group (or ungrouped record); its stratum is its most frequent diagnosis.</summary>
    private sealed record Unit(string Key, List<CanonicalRecord> Records)
    {
        public string Stratum { get; } = Records
            .GroupBy(r => r.Diagnosis)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => DiagnosisCodes.Order(g.Key))
            .First().Key;
    }
}
