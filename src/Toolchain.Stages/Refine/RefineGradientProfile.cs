using Toolchain.Diffusion.Runtime;
using System.Globalization;
using System.Text;
using Toolchain.Diffusion.Lora;
using Toolchain.Rl.Diagnostics;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Translation;
using static TorchSharp.torch;

namespace Toolchain.Stages.Refine;

/// <summary>
/// Refine's policy gradient before any RL, step by step (<see cref="GradientProfiler"/>): built exactly as the Refine
/// stage builds its policy and first phase's reward from the spec, on the FineTune model and train_reward's outputs.
/// It shows, without training, whether DDPO's updates will be decided by steps whose gradient is noise.
/// </summary>
public static class RefineGradientProfile
{
    public const string CsvFile = "gradient-profile.csv";

    /// <param name="finetuneOutputs">FineTune's outputs folder (holding <c>model/</c>).</param>
    /// <param name="trainRewardOutputs">TrainReward's outputs folder.</param>
    public static GradientProfile Measure(ResolvedSpec spec, string finetuneOutputs, string trainRewardOutputs, RewardLoader loadRewards, int samplesPerPrompt)
    {
        var settings = RefineSettings.Read(spec.GetStage(StageCatalog.Refine).Settings, spec.Dataset.Seed);
        if (settings.Pathwise is not null)
        {
            throw new Rl.Training.RefineSettingsError("algorithm", "rl-profile measures the policy gradient of ddpo and grpo; 'draft' follows the reward's own gradient, which has no per-step policy gradient to profile");
        }
        var template = DatasetTranslation.Template(spec.Dataset);
        var prompts = template.Enumerate().Select(p => p.Prompt).ToArray();
        var phases = RefineStage.Phases(settings, loadRewards(trainRewardOutputs, settings.RewardNames, template));

        using var model = FinetunedModel.Load(Path.Combine(finetuneOutputs, FineTune.FineTuneStage.ModelFolder));
        using var loraGenerator = ComputeDevice.Generator(unchecked((ulong)settings.Seed));
        using var lora = LoraNetwork.Attach(model.Unet, settings.Lora, loraGenerator);
        using var policy = RefineStage.CreatePolicy(model, lora, prompts, settings.Policy);
        return GradientProfiler.Measure(policy, phases[0].Reward, samplesPerPrompt, settings.Options.SampleBatchSize, settings.Options.Seed);
    }

    /// <summary>
    /// One row per (profile, step). The last three columns belong to the whole profile and repeat on its rows: the
    /// split-half cosine of the gradient summed over the adapted steps, the samples and their mean reward.
    /// </summary>
    public static string Csv(IEnumerable<(string Name, GradientProfile Profile)> profiles)
    {
        var csv = new StringBuilder("name,step,timestep,adapted,gradient_norm,share,split_half_cosine,summed_split_half_cosine,samples,reward_mean\n");
        foreach (var (name, profile) in profiles)
        {
            for (int i = 0; i < profile.Steps.Count; i++)
            {
                var s = profile.Steps[i];
                csv.Append(CultureInfo.InvariantCulture,
                    $"{name},{i},{s.Timestep},{(s.Adapted ? "true" : "false")},{s.GradientNorm:R},{s.Share:R},{Number(s.SplitHalfCosine)},{Number(profile.SplitHalfCosine)},{profile.Samples},{profile.RewardMean:R}\n");
            }
        }
        return csv.ToString();
    }

    private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
