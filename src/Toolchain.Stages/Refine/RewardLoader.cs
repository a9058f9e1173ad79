using Toolchain.Data.Prompts;
using Toolchain.Rl.Rewards;

namespace Toolchain.Stages.Refine;

/// <summary>
/// Opens the named reward models among train_reward's outputs (never the judge: it is not a reward name).
/// </summary>
/// <param name="trainRewardOutputs">train_reward's outputs folder.</param>
/// <param name="names">Reward names the phases use (classifier, vlfm, region).</param>
public delegate IReadOnlyDictionary<string, IRewardFunction> RewardLoader(string trainRewardOutputs, IReadOnlyList<string> names, PromptTemplate template);
