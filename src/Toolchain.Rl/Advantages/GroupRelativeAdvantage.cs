namespace Toolchain.Rl.Advantages;

/// <summary>
/// GRPO-style advantages (Flow-GRPO): samples that share a prompt in the same epoch form a group;
/// A = (r - group mean) / (std over the whole batch + 1e-6). No state carries across epochs.
/// </summary>
public static class GroupRelativeAdvantage
{
    public const double Epsilon = 1e-6;

    public static double[] Compute(IReadOnlyList<string> prompts, IReadOnlyList<float> rewards)
    {
        if (prompts.Count != rewards.Count)
        {
            throw new ArgumentException($"{prompts.Count} prompts but {rewards.Count} rewards", nameof(rewards));
        }
        var (_, globalStd) = Statistics.MeanStd(rewards);
        var advantages = new double[rewards.Count];
        foreach (var prompt in prompts.Distinct(StringComparer.Ordinal))
        {
            var members = Enumerable.Range(0, prompts.Count).Where(i => prompts[i] == prompt).ToArray();
            var (groupMean, _) = Statistics.MeanStd(members.Select(i => rewards[i]).ToArray());
            foreach (int i in members)
            {
                advantages[i] = (rewards[i] - groupMean) / (globalStd + Epsilon);
            }
        }
        return advantages;
    }
}
