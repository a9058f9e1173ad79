using Toolchain.Diffusion.Runtime;
using Toolchain.Rl.Rewards;
using Toolchain.Stages.Refine;

namespace Toolchain.Stages.Tests.Refine;

public class RefineGradientProfileTests
{
    [Fact]
    public void ProfilesThePolicyTheSpecsRefineSettingsBuild()
    {
        // Four steps (t = 751, 501, 251, 1); the adapters act at the first two only.
        using var run = new RefineRun("    epochs: 1\n    samples_per_epoch: 8\n    batch_size: 4\n    num_steps: 4\n    lora: {min_timestep: 500}\n");
        EngineEnvironment.Configure(2);
        var requested = new List<string>();
        var profile = RefineGradientProfile.Measure(run.Spec, run.Finetune, run.TrainReward, (folder, names, _) =>
        {
            Assert.Equal(run.TrainReward, folder);
            requested.AddRange(names);
            return names.ToDictionary(n => n, _ => (IRewardFunction)new ScriptedReward(), StringComparer.Ordinal);
        }, samplesPerPrompt: 2);

        Assert.Equal(["classifier"], requested);
        Assert.Equal([751L, 501L, 251L, 1L], profile.Steps.Select(s => s.Timestep));
        Assert.Equal([true, true, false, false], profile.Steps.Select(s => s.Adapted));
        Assert.All(profile.Steps.Take(2), s => Assert.True(s.GradientNorm > 0));
        Assert.Equal(1.0, profile.Steps.Sum(s => s.Share), 9);

        var rows = RefineGradientProfile.Csv([("gated", profile)]).TrimEnd('\n').Split('\n');
        Assert.Equal("name,step,timestep,adapted,gradient_norm,share,split_half_cosine,summed_split_half_cosine,samples,reward_mean", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.StartsWith("gated,2,251,false,0,0,,", rows[3]);
    }
}
