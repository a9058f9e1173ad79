using Toolchain.Diffusion.Sampling;
using Toolchain.Diffusion.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Sampling;

public class GuidedDdimSamplerTests
{
    // A stand-in network whose output reveals which embedding it saw: 0.1 x + mean(context).
    private static Tensor FakeNetwork(Tensor sample, Tensor timesteps, Tensor context)
    {
        Assert.Equal(sample.shape[0], timesteps.shape[0]);
        Assert.Equal(ScalarType.Int64, timesteps.dtype);
        return 0.1 * sample + context.mean([1, 2]).view(-1, 1, 1, 1);
    }

    [Fact]
    public void GuidanceUsesUnconditionalHalfFirstAndMatchesAHandWrittenLoop()
    {
        using var scope = NewDisposeScope();
        var scheduler = new DdimScheduler(NoiseScheduleConfig.StableDiffusion1);
        var noise = randn([2, 4, 8, 8], generator: new Generator(seed: 21));
        var cond = ones(2, 7, 32);
        var uncond = zeros(2, 7, 32);
        using var result = new GuidedDdimSampler(scheduler, FakeNetwork).Sample(noise, cond, uncond, steps: 4, guidanceScale: 5.0);

        var manual = new DdimScheduler(NoiseScheduleConfig.StableDiffusion1);
        manual.SetTimesteps(4);
        var x = noise.clone();
        foreach (var t in manual.Timesteps)
        {
            // eps_u = 0.1 x, eps_c = 0.1 x + 1, so the guided prediction is 0.1 x + w.
            using var step = manual.Step(0.1 * x + 5.0, t, x);
            x = step.PrevSample.clone();
        }
        Assert.True((result.FinalLatents - x).abs().max().item<float>() < 1e-5);
        Assert.Null(result.Trajectory);
    }

    [Fact]
    public void ScaleOneRunsOnlyTheConditionalBatch()
    {
        using var scope = NewDisposeScope();
        var calls = new List<long>();
        Tensor Network(Tensor s, Tensor t, Tensor c)
        {
            calls.Add(s.shape[0]);
            return FakeNetwork(s, t, c);
        }
        var sampler = new GuidedDdimSampler(new DdimScheduler(NoiseScheduleConfig.StableDiffusion1), Network);
        using var result = sampler.Sample(randn([3, 4, 8, 8], generator: new Generator(seed: 1)), ones(3, 7, 32), null, steps: 2, guidanceScale: 1.0);
        Assert.Equal(new long[] { 3, 3 }, calls);
    }

    [Fact]
    public void TrajectoryRecordsEveryTransitionWithItsLogProb()
    {
        using var scope = NewDisposeScope();
        var scheduler = new DdimScheduler(NoiseScheduleConfig.StableDiffusion1);
        var sampler = new GuidedDdimSampler(scheduler, FakeNetwork);
        var noise = randn([2, 4, 8, 8], generator: new Generator(seed: 2));
        var cond = randn([2, 7, 32], generator: new Generator(seed: 3));
        var uncond = zeros(2, 7, 32);
        using var a = sampler.Sample(noise, cond, uncond, steps: 5, guidanceScale: 5.0, eta: 1.0, generator: new Generator(seed: 4), recordTrajectory: true);
        using var b = sampler.Sample(noise, cond, uncond, steps: 5, guidanceScale: 5.0, eta: 1.0, generator: new Generator(seed: 4), recordTrajectory: true);
        var tr = a.Trajectory!;
        Assert.Equal(new long[] { 2, 6, 4, 8, 8 }, tr.Latents.shape);
        Assert.Equal(new long[] { 2, 5 }, tr.LogProbs!.shape);
        Assert.Equal(new long[] { 2, 5 }, tr.Timesteps.shape);
        Assert.Equal(scheduler.Timesteps, tr.Timesteps[1].data<long>().ToArray());
        Assert.True(tr.Latents.select(1, 0).equal(noise).all().item<bool>());
        Assert.True(tr.Latents.select(1, 5).equal(a.FinalLatents).all().item<bool>());
        Assert.True(a.FinalLatents.equal(b.FinalLatents).all().item<bool>());

        // DDPO training re-scores recorded transitions with the same guided prediction: it must agree.
        for (int j = 0; j < 5; j++)
        {
            var x = tr.Latents.select(1, j);
            var t = tr.Timesteps.select(1, j);
            var eps = ClassifierFreeGuidance.PredictNoise(FakeNetwork, x, t, cond, uncond, 5.0);
            var logProb = scheduler.LogProb(eps, t, x, tr.Latents.select(1, j + 1), eta: 1.0);
            Assert.True((logProb - tr.LogProbs.select(1, j)).abs().max().item<float>() < 1e-5, $"step {j}");
        }
    }

    [Fact]
    public void LeavesNoLiveTensorsBehind()
    {
        using var scope = NewDisposeScope();
        var sampler = new GuidedDdimSampler(new DdimScheduler(NoiseScheduleConfig.StableDiffusion1), FakeNetwork);
        var noise = randn([1, 4, 8, 8], generator: new Generator(seed: 2));
        var cond = ones(1, 7, 32);
        var uncond = zeros(1, 7, 32);
        var gen = new Generator(seed: 5);
        sampler.Sample(noise, cond, uncond, steps: 3, guidanceScale: 5.0, eta: 1.0, generator: gen, recordTrajectory: true).Dispose();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var kept = sampler.Sample(noise, cond, uncond, steps: 20, guidanceScale: 5.0, eta: 1.0, generator: gen, recordTrajectory: true);
        Assert.Equal(before + 4, DisposeScopeManager.Statistics.ThreadTotalLiveCount); // final latents + the 3 trajectory tensors
        kept.Dispose();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
