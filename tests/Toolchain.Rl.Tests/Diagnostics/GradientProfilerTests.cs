using Toolchain.Rl.Diagnostics;
using Toolchain.Rl.Policy;
using Toolchain.Rl.Rewards;
using Toolchain.Rl.Tests.Toy;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Diagnostics;

public class GradientProfilerTests
{
    private static readonly IRewardFunction Sign = new SignReward();

    // A reward that ignores what the prompt asked for: a hash of the final latent, so no direction is consistently better.
    private static readonly IRewardFunction Noise = new FunctionReward((x, _) => (float)new Random(BitConverter.SingleToInt32Bits(x[1])).NextDouble());

    [Fact]
    public void EveryStepIsProfiledInSamplingOrderAndThePolicyIsLeftAsItWas()
    {
        ToySetup.PinThreads();
        var policy = ToySetup.Policy();
        var before = policy.TrainableParameters.Select(p => p.detach().clone()).ToArray();

        var profile = GradientProfiler.Measure(policy, Sign, samplesPerPrompt: 8, batchSize: 4, seed: 3);

        Assert.Equal(policy.Schedule.Timesteps, profile.Steps.Select(s => s.Timestep));
        Assert.Equal(16, profile.Samples);
        Assert.All(profile.Steps, s => Assert.True(s.Adapted && s.GradientNorm > 0 && s.SplitHalfCosine is >= -1 and <= 1));
        Assert.Equal(1.0, profile.Steps.Sum(s => s.Share), 9);
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(0, (before[i] - policy.TrainableParameters[i].detach()).abs().max().item<float>());
            Assert.Equal(0, policy.TrainableParameters[i].grad!.abs().sum().item<float>());
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameProfile()
    {
        ToySetup.PinThreads();
        var first = GradientProfiler.Measure(ToySetup.Policy(), Sign, 8, 4, seed: 5);
        var second = GradientProfiler.Measure(ToySetup.Policy(), Sign, 8, 4, seed: 5);
        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal((first.SplitHalfCosine, first.Samples, first.RewardMean), (second.SplitHalfCosine, second.Samples, second.RewardMean));
    }

    [Fact]
    public void SplitHalvesAgreeWhenTheRewardAsksForSomethingAndNotWhenItIsNoise()
    {
        ToySetup.PinThreads();
        var signal = GradientProfiler.Measure(ToySetup.Policy(), Sign, 64, 16, seed: 3);
        var noise = GradientProfiler.Measure(ToySetup.Policy(), Noise, 64, 16, seed: 3);

        Assert.True(signal.SplitHalfCosine > 0.6, $"sign reward: {signal.SplitHalfCosine}");
        Assert.True(Math.Abs(noise.SplitHalfCosine) < 0.4, $"noise reward: {noise.SplitHalfCosine}");
    }

    [Fact]
    public void TheNearlyDeterministicStepIntoTheLastTimestepDominatesWithNoise()
    {
        // The toy's 10-step schedule: the step from t=101 to t=1 has a tiny standard deviation, so its log-probability
        // is the most sensitive to the adapters, and what it carries is sampling noise even when the reward has signal.
        ToySetup.PinThreads();
        var profile = GradientProfiler.Measure(ToySetup.Policy(), Sign, 64, 16, seed: 3);

        var dominant = profile.Dominant!;
        Assert.Equal(101, dominant.Timestep);
        Assert.True(dominant.Share > 0.3, $"share {dominant.Share}");
        var early = profile.Steps.Where(s => s.Timestep >= 400).ToArray();
        Assert.All(early, s => Assert.True(s.SplitHalfCosine > dominant.SplitHalfCosine + 0.3, $"t={s.Timestep}: {s.SplitHalfCosine} vs {dominant.SplitHalfCosine}"));
    }

    [Fact]
    public void StepsWhereTheAdaptersDoNotActHaveNoGradientAndTheOthersAreUnchanged()
    {
        ToySetup.PinThreads();
        var ungated = GradientProfiler.Measure(ToySetup.Policy(), Sign, 8, 4, seed: 3);
        var gated = GradientProfiler.Measure(new GatedView(ToySetup.Policy(), 400), Sign, 8, 4, seed: 3);

        foreach (var (all, some) in ungated.Steps.Zip(gated.Steps))
        {
            if (all.Timestep >= 400)
            {
                Assert.True(some.Adapted);
                Assert.Equal(all.GradientNorm, some.GradientNorm);
                Assert.Equal(all.SplitHalfCosine, some.SplitHalfCosine);
            }
            else
            {
                Assert.False(some.Adapted);
                Assert.Equal(0, some.GradientNorm);
                Assert.Equal(0, some.Share);
                Assert.True(double.IsNaN(some.SplitHalfCosine));
            }
        }
        Assert.Equal(1.0, gated.Steps.Sum(s => s.Share), 9);
        Assert.True(gated.Dominant!.Timestep >= 400);
    }

    [Fact]
    public void WithTheAdaptersActingAtNoStepNothingIsMeasured()
    {
        ToySetup.PinThreads();
        var profile = GradientProfiler.Measure(new GatedView(ToySetup.Policy(), 1000), Sign, 2, 4, seed: 3);

        Assert.All(profile.Steps, s => Assert.False(s.Adapted));
        Assert.All(profile.Steps, s => Assert.Equal(0, s.Share));
        Assert.Null(profile.Dominant);
        Assert.True(double.IsNaN(profile.SplitHalfCosine));
    }

    [Fact]
    public void OneSamplePerPromptIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientProfiler.Measure(ToySetup.Policy(), Sign, 1, 4, seed: 3));
    }

    /// <summary>The toy policy seen as if its adapters acted only from a timestep on (its outputs are unchanged).</summary>
    private sealed class GatedView(IDiffusionPolicy inner, long minTimestep) : IDiffusionPolicy
    {
        public IReadOnlyList<string> Prompts => inner.Prompts;

        public IReadOnlyList<Parameter> TrainableParameters => inner.TrainableParameters;

        public IReadOnlyList<long> Timesteps => inner.Timesteps;

        public Trajectory Sample(IReadOnlyList<int> promptIndices, Generator generator) => inner.Sample(promptIndices, generator);

        public PolicyStep Evaluate(TransitionBatch transitions) => inner.Evaluate(transitions);

        public bool Adapts(long timestep) => timestep >= minTimestep;

        public IDisposable DisableAdapters() => inner.DisableAdapters();
    }
}
