using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Prompts;
using Toolchain.Rl.Rewards;
using Toolchain.Specs.Stages;

namespace Toolchain.Stages.Rewards;

/// <summary>
/// Loads the rewards train_reward produced as <see cref="IRewardFunction"/>s for refine and filter. Only the
/// reward models are reachable from here: the judge lives in its own folder that this class never opens,
/// so no RL code can optimise against the model that grades it (see <see cref="JudgeModel"/>).
/// </summary>
public static class RewardModels
{
    /// <summary>Sub-folder of train_reward's outputs holding each reward's model.</summary>
    public static string FolderOf(string reward) => reward switch
    {
        RewardNames.Classifier => "classifier",
        RewardNames.Vlfm => "vlfm",
        RewardNames.Region => "region",
        JudgeModel.FolderName => throw new ToolchainError("the judge is not a reward: it grades the rewards' results, so refine and filter cannot use it", 2),
        _ => throw new ToolchainError($"unknown reward '{reward}' (rewards: {string.Join(", ", RewardNames.All)})", 2),
    };

    /// <summary>The named rewards, each loaded from its folder under <paramref name="trainRewardOutputs"/>.</summary>
    /// <param name="template">The spec's prompt template: prompts are parsed against it to get their labels and phrases.</param>
    public static IReadOnlyDictionary<string, IRewardFunction> Load(string trainRewardOutputs, IEnumerable<string> names, PromptTemplate template)
    {
        var rewards = new Dictionary<string, IRewardFunction>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            rewards[name] = LoadOne(trainRewardOutputs, name, template);
        }
        return rewards;
    }

    /// <summary>The weighted sum of the rewards in a settings map {name: weight}; zero-weight terms are not loaded.</summary>
    public static CompositeReward Composite(string trainRewardOutputs, IReadOnlyDictionary<string, double> weights, PromptTemplate template)
    {
        var used = weights.Where(w => w.Value != 0).OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
        if (used.Count == 0)
        {
            throw new ToolchainError("a reward mix needs at least one reward with a non-zero weight", 2);
        }
        var loaded = Load(trainRewardOutputs, used.Select(w => w.Key), template);
        return new CompositeReward(used.Select(w => new WeightedReward(w.Key, (float)w.Value, loaded[w.Key])).ToList());
    }

    /// <summary>The same from a pipeline settings object such as <c>refine.rewards</c>.</summary>
    public static CompositeReward Composite(string trainRewardOutputs, JsonObject weights, PromptTemplate template) =>
        Composite(trainRewardOutputs, weights.ToDictionary(w => w.Key, w => w.Value?.GetValue<double>()
            ?? throw new ToolchainError($"reward weight '{w.Key}' is empty", 2)), template);

    private static IRewardFunction LoadOne(string outputs, string name, PromptTemplate template)
    {
        var folder = Path.Combine(outputs, FolderOf(name));
        if (!Directory.Exists(folder))
        {
            throw new ToolchainError(string.Create(CultureInfo.InvariantCulture,
                $"reward '{name}' was not trained: '{folder}' does not exist (enable train_reward.{name})"), 2);
        }
        switch (name)
        {
            case RewardNames.Classifier:
                var classifier = ModelFiles.LoadClassifier(folder);
                return new ClassifierRewardFunction(classifier, new PromptLabels(template, classifier.Config.Labels));
            case RewardNames.Vlfm:
                return new VlfmRewardFunction(DualEncoderModel.Load(folder));
            default:
                var model = DualEncoderModel.Load(folder);
                return new RegionRewardFunction(model, new PromptPhrases(template));
        }
    }
}
