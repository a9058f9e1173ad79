using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolchain.Stages.Filter;

/// <summary>Per subgroup: target, candidates, how many were examined and accepted, why the others were dropped, and any shortfall.</summary>
public sealed record SubgroupAcceptance(string Subgroup, int Quota, int Target, int Candidates, int Examined, int Accepted, IReadOnlyDictionary<FilterReason, int> Rejected)
{
    /// <summary>Accepted over examined (candidates looked at before the quota was met); null when none was examined.</summary>
    public double? AcceptanceRate => Examined == 0 ? null : (double)Accepted / Examined;

    public int Shortfall => Math.Max(0, Target - Accepted);
}

/// <summary>acceptance.json: the filter's outcome per subgroup and the unmet quotas.</summary>
public sealed record AcceptanceReport(FilterSettings Settings, IReadOnlyList<SubgroupAcceptance> Subgroups)
{
    public const string FileName = "acceptance.json";

    public IReadOnlyList<SubgroupAcceptance> Unmet => Subgroups.Where(s => s.Shortfall > 0).ToList();

    /// <param name="quotas">Synthetic images the spec asks for per subgroup (the quota plan), in plan order.</param>
    public static AcceptanceReport Build(IReadOnlyList<FilterDecision> decisions, IReadOnlyList<(string Subgroup, int Quota)> quotas, FilterSettings settings)
    {
        var subgroups = quotas.Select(q =>
        {
            var own = decisions.Where(d => d.Candidate.Subgroup == q.Subgroup).ToList();
            var examined = own.Where(d => d.Reason != FilterReason.QuotaAlreadyMet).ToList();
            var rejected = examined.Where(d => !d.Accepted).GroupBy(d => d.Reason).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
            return new SubgroupAcceptance(q.Subgroup, q.Quota, Target(q.Quota, settings), own.Count, examined.Count, own.Count(d => d.Accepted), rejected);
        }).ToList();
        return new AcceptanceReport(settings, subgroups);
    }

    /// <summary>Images to keep for a quota: the quota, capped by max_samples_per_subgroup.</summary>
    public static int Target(int quota, FilterSettings settings) => settings.MaxPerSubgroup is { } cap ? Math.Min(quota, cap) : quota;

    public string ToJson()
    {
        var subgroups = new JsonObject();
        foreach (var s in Subgroups)
        {
            var rejected = new JsonObject();
            foreach (var (reason, count) in s.Rejected)
            {
                rejected[reason.Code()] = count;
            }
            subgroups[s.Subgroup] = new JsonObject
            {
                ["quota"] = s.Quota,
                ["target"] = s.Target,
                ["candidates"] = s.Candidates,
                ["examined"] = s.Examined,
                ["accepted"] = s.Accepted,
                ["acceptance_rate"] = s.AcceptanceRate is { } r ? Math.Round(r, 6) : null,
                ["rejected"] = rejected,
                ["shortfall"] = s.Shortfall,
            };
        }
        var root = new JsonObject
        {
            ["reward"] = Settings.Reward,
            ["threshold"] = Settings.Threshold,
            ["near_duplicate_threshold"] = Settings.NearDuplicateThreshold,
            ["memorisation_threshold"] = Settings.MemorisationThreshold,
            ["max_samples_per_subgroup"] = Settings.MaxPerSubgroup,
            ["definitions"] = new JsonObject
            {
                ["similarity"] = "cosine similarity of the judge's penultimate-layer features",
                ["examined"] = "candidates looked at before the subgroup's target was met",
                ["acceptance_rate"] = "accepted / examined",
                ["target"] = "quota, capped by max_samples_per_subgroup",
            },
            ["accepted"] = Subgroups.Sum(s => s.Accepted),
            ["subgroups"] = subgroups,
            ["unmet"] = new JsonArray(Unmet.Select(s => (JsonNode)new JsonObject
            {
                ["subgroup"] = s.Subgroup,
                ["target"] = s.Target,
                ["accepted"] = s.Accepted,
                ["shortfall"] = s.Shortfall,
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public string DescribeUnmet() => string.Join(", ", Unmet.Select(s =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Subgroup} ({s.Accepted} of {s.Target} from {s.Candidates} candidates)")));
}
