namespace Toolchain.Rl.Rewards;

/// <summary>
/// A weighted sum of named rewards: total = sum_i w_i r_i. Each RL phase has its own mix.
/// Component scores are kept so diagnostics can show which term moved.
/// </summary>
public sealed class CompositeReward : IRewardFunction
{
    public CompositeReward(IReadOnlyList<WeightedReward> terms)
    {
        if (terms.Count == 0)
        {
            throw new ArgumentException("a reward mix needs at least one term", nameof(terms));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (string.IsNullOrWhiteSpace(term.Name) || !seen.Add(term.Name))
            {
                throw new ArgumentException($"reward term names must be non-empty and unique; '{term.Name}' is not", nameof(terms));
            }
            if (!float.IsFinite(term.Weight))
            {
                throw new ArgumentException($"reward term '{term.Name}' has a non-finite weight", nameof(terms));
            }
        }
        Terms = terms.ToArray();
    }

    public IReadOnlyList<WeightedReward> Terms { get; }

    public IEnumerable<string> Names => Terms.Select(t => t.Name);

    public float[] Score(TorchSharp.torch.Tensor finals, IReadOnlyList<string> prompts) => ScoreComponents(finals, prompts).Total;

    public RewardScores ScoreComponents(TorchSharp.torch.Tensor finals, IReadOnlyList<string> prompts)
    {
        int count = prompts.Count;
        if (finals.shape[0] != count)
        {
            throw new ArgumentException($"{finals.shape[0]} images but {count} prompts", nameof(prompts));
        }
        var total = new float[count];
        var components = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var term in Terms)
        {
            var scores = term.Reward.Score(finals, prompts);
            if (scores.Length != count)
            {
                throw new InvalidOperationException($"reward '{term.Name}' returned {scores.Length} scores for {count} images");
            }
            components[term.Name] = scores;
            for (int i = 0; i < count; i++)
            {
                total[i] += term.Weight * scores[i];
            }
        }
        return new RewardScores(total, components);
    }
}
