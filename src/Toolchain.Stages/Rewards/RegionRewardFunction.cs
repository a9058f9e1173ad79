using Toolchain.Rl.Rewards;
using Toolchain.Vision.Vlfm;
using static TorchSharp.torch;

namespace Toolchain.Stages.Rewards;

/// <summary>
/// The region-level reward: for each attribute phrase the prompt asks for (the diagnosis, then every present
/// artifact), the best-matching patch's cosine with the phrase; the image's reward is their mean.
/// </summary>
public sealed class RegionRewardFunction : IRewardFunction
{
    private readonly DualEncoderModel model;
    private readonly PromptPhrases phrases;
    private readonly RegionReward reward;

    public RegionRewardFunction(DualEncoderModel model, PromptPhrases phrases)
    {
        this.model = model;
        this.phrases = phrases;
        reward = new RegionReward(model.Encoder);
    }

    public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
    {
        RewardInputs.Check(finals, prompts);
        using var images = RewardInputs.Prepare(finals);
        var phrasesPerImage = prompts.Select(phrases.Of).ToArray();
        // Score every distinct phrase once against every image, then average each image's own phrases.
        var distinct = phrasesPerImage.SelectMany(p => p).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var column = distinct.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
        using var ids = model.TokenIds(distinct);
        var best = reward.Scores(images, ids);
        return phrasesPerImage.Select((own, i) => (float)own.Average(p => best[i][column[p]])).ToArray();
    }
}
