using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Procedural;
using Toolchain.Data.Subgroups;
using Toolchain.Specs.Model;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Prepare;

/// <summary>
/// The procedural evaluation set: cases from a generator of their own seed, with artifacts independent of the
/// diagnosis (the real splits' correlations and rare-combination thinning would hide the combinations it is there
/// to measure), chosen in index order until every subgroup has matched at least the set number of them.
/// </summary>
public static class ProceduralEvaluationSet
{
    public const string Folder = "evaluation";

    // Label draws scanned per wanted image before a subgroup counts as one the generator cannot draw
    // (a subgroup of 1 case in 5000 still fills; rarer ones are configuration errors, not bad luck).
    private const long MaxScanPerImage = 5000;

    // Keeps the evaluation generator's seed apart from every seed the spec's own seed derives.
    private const ulong SeedStream = 0x4556414C5345540UL; // "EVALSET"

    /// <summary>The real data's generator options with the evaluation seed and no correlations or thinning.</summary>
    public static ProceduralOptions Options(ProceduralOptions real, EvaluationSetSpec settings) => real with
    {
        Seed = SplitMix64.Derive(SplitMix64.Derive(real.Seed, SeedStream), (ulong)settings.SeedOffset),
        ArtifactCorrelations = [],
        RareCombinations = [],
    };

    public static string Id(int index) => $"eval_{index:D6}";

    /// <summary>
    /// Indices of the chosen cases, ascending: a case is taken when a subgroup it matches still has fewer than
    /// <paramref name="perSubgroup"/>, and counts for every subgroup it matches.
    /// </summary>
    public static IReadOnlyList<int> Choose(ProceduralDermoscopyGenerator generator, IReadOnlyList<SubgroupDefinition> subgroups, int perSubgroup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSubgroup, 1);
        var counts = new int[subgroups.Count];
        var chosen = new List<int>();
        long limit = Math.Min(int.MaxValue, MaxScanPerImage * perSubgroup * Math.Max(1, subgroups.Count));
        for (int index = 0; counts.Any(c => c < perSubgroup); index++)
        {
            if (index >= limit)
            {
                int shortIndex = Array.FindIndex(counts, c => c < perSubgroup);
                throw new ToolchainError(
                    $"data.procedural.evaluation: subgroup '{subgroups[shortIndex].Name}' matched only {counts[shortIndex]} of {limit} generated cases " +
                    $"(per_subgroup is {perSubgroup}); the generator (almost) never draws it: check its conditions", 2);
            }
            var record = DatasetTranslation.Record(index, generator.SampleLabels(index), "", MaskFiles.None);
            var matches = subgroups.Select(s => s.Matches(record)).ToArray();
            if (!matches.Where((m, k) => m && counts[k] < perSubgroup).Any())
            {
                continue;
            }
            chosen.Add(index);
            for (int k = 0; k < matches.Length; k++)
            {
                if (matches[k]) counts[k]++;
            }
        }
        return chosen;
    }
}
