using Toolchain.Data.Prompts;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// One image Evaluate draws: sample <see cref="Sample"/> of prompt number <see cref="PromptIndex"/>. Its seed
/// depends only on the base seed and those two numbers, so every model (and every point of an RL comparison's
/// judge curve) is sampled from the same starting noise and two measurements differ only by the model.
/// </summary>
public sealed record EvaluationDraw(int PromptIndex, int Sample, string Prompt, PromptConditions Conditions, long Seed)
{
    /// <summary>Every prompt, <paramref name="imagesPerPrompt"/> times each, in prompt order.</summary>
    public static IReadOnlyList<EvaluationDraw> For(IReadOnlyList<(string Prompt, PromptConditions Conditions)> prompts, int imagesPerPrompt, long seed)
    {
        var draws = new List<EvaluationDraw>(prompts.Count * imagesPerPrompt);
        for (int p = 0; p < prompts.Count; p++)
        {
            for (int k = 0; k < imagesPerPrompt; k++)
            {
                draws.Add(new EvaluationDraw(p, k, prompts[p].Prompt, prompts[p].Conditions, SeedOf(seed, p, k)));
            }
        }
        return draws;
    }

    /// <summary>The seed of sample <paramref name="sample"/> of prompt <paramref name="prompt"/> under base seed <paramref name="seed"/>.</summary>
    public static long SeedOf(long seed, int prompt, int sample) => unchecked(seed * 1_000_003L + prompt * 10_007L + sample);
}
