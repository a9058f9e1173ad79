using Toolchain.Core;

namespace Toolchain.Stages.Filter;

/// <summary>One candidate's fate with the numbers that decided it (similarities are feature cosines).</summary>
public sealed record FilterDecision(SampleCandidate Candidate, float Reward, double NearestTrainSimilarity, double? NearestAcceptedSimilarity, FilterReason Reason)
{
    public bool Accepted => Reason == FilterReason.Accepted;
}

/// <summary>
/// Walks the candidates in sample order and keeps each one that clears every check until its subgroup's target
/// is met: quota still open, reward at or above the threshold, not closer than the memorisation threshold to any
/// training image, not closer than the near-duplicate threshold to any image accepted before it (in any subgroup).
/// </summary>
public static class CandidateSelection
{
    /// <param name="similarity">Cosine similarity of two candidates' features, by candidate index.</param>
    public static IReadOnlyList<FilterDecision> Select(
        IReadOnlyList<SampleCandidate> candidates,
        IReadOnlyList<float> rewards,
        IReadOnlyList<double> nearestTrainSimilarity,
        Func<int, int, double> similarity,
        IReadOnlyDictionary<string, int> targets,
        FilterSettings settings)
    {
        if (rewards.Count != candidates.Count || nearestTrainSimilarity.Count != candidates.Count)
        {
            throw new ArgumentException($"{candidates.Count} candidates, {rewards.Count} rewards, {nearestTrainSimilarity.Count} training similarities");
        }
        var unknown = candidates.Select(c => c.Subgroup).Distinct(StringComparer.Ordinal).Where(s => !targets.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ToolchainError($"samples.csv names subgroup{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown)} that the spec does not define (subgroups: {string.Join(", ", targets.Keys)})");
        }
        var acceptedCount = targets.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        var accepted = new List<int>();
        var decisions = new List<FilterDecision>(candidates.Count);
        for (int i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            if (!float.IsFinite(rewards[i]))
            {
                throw new ToolchainError($"the {settings.Reward} reward of '{candidate.FileName}' is {rewards[i]}");
            }
            double? nearestAccepted = accepted.Count == 0 ? null : accepted.Max(j => similarity(i, j));
            var reason =
                acceptedCount[candidate.Subgroup] >= targets[candidate.Subgroup] ? FilterReason.QuotaAlreadyMet
                : rewards[i] < settings.Threshold ? FilterReason.BelowThreshold
                : nearestTrainSimilarity[i] > settings.MemorisationThreshold ? FilterReason.TooCloseToTrainingImage
                : nearestAccepted > settings.NearDuplicateThreshold ? FilterReason.NearDuplicate
                : FilterReason.Accepted;
            if (reason == FilterReason.Accepted)
            {
                accepted.Add(i);
                acceptedCount[candidate.Subgroup]++;
            }
            decisions.Add(new FilterDecision(candidate, rewards[i], nearestTrainSimilarity[i], nearestAccepted, reason));
        }
        return decisions;
    }
}
