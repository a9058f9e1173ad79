using System.Text.Json;
using Toolchain.Diffusion.Schedulers;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Schedulers;

public class NoiseScheduleTests
{
    [Fact]
    public void LeadingSpacingWithOffsetIsSd1x()
    {
        var s = new DdimScheduler(NoiseScheduleConfig.StableDiffusion1);
        s.SetTimesteps(50);
        Assert.Equal(981, s.Timesteps[0]);
        Assert.Equal(1, s.Timesteps[^1]);
        Assert.All(s.Timesteps.Zip(s.Timesteps.Skip(1)), p => Assert.Equal(20, p.First - p.Second));
    }

    [Fact]
    public void TrailingAndLinspaceSpacingMatchDiffusers()
    {
        var trailing = new DdimScheduler(NoiseScheduleConfig.StableDiffusion1 with { TimestepSpacing = "trailing", StepsOffset = 0 });
        trailing.SetTimesteps(10);
        Assert.Equal(new long[] { 999, 899, 799, 699, 599, 499, 399, 299, 199, 99 }, trailing.Timesteps);
        var linspace = new DdimScheduler(NoiseScheduleConfig.StableDiffusion1 with { TimestepSpacing = "linspace" });
        linspace.SetTimesteps(10);
        Assert.Equal(new long[] { 999, 888, 777, 666, 555, 444, 333, 222, 111, 0 }, linspace.Timesteps);
    }

    [Fact]
    public void BetaSchedulesHaveTheirDefiningValues()
    {
        var linear = new DdpmNoiseSchedule(new NoiseScheduleConfig());
        Assert.Equal(1 - 0.0001, linear.AlphaCumprod(0), 6);
        var scaled = new DdpmNoiseSchedule(NoiseScheduleConfig.StableDiffusion1);
        Assert.Equal(1 - 0.00085, scaled.AlphaCumprod(0), 6);
        Assert.InRange(scaled.AlphaCumprod(999), 0.0046, 0.0047); // SD 1.x terminal alpha_bar
        var cosine = new DdpmNoiseSchedule(new NoiseScheduleConfig { BetaSchedule = "squaredcos_cap_v2" });
        Assert.True(cosine.AlphasCumprod.Zip(cosine.AlphasCumprod.Skip(1)).All(p => p.Second < p.First));
        var zeroSnr = new DdpmNoiseSchedule(NoiseScheduleConfig.StableDiffusion1 with { RescaleBetasZeroSnr = true });
        Assert.Equal(0f, zeroSnr.AlphaCumprod(999), 6);
        Assert.Equal(scaled.AlphaCumprod(0), zeroSnr.AlphaCumprod(0), 5);
    }

    [Fact]
    public void AddNoiseAndVelocityFollowTheirDefinitions()
    {
        using var scope = NewDisposeScope();
        var schedule = new DdpmNoiseSchedule(NoiseScheduleConfig.StableDiffusion1);
        var gen = new Generator(seed: 3);
        var x0 = randn([2, 4, 8, 8], generator: gen);
        var noise = randn([2, 4, 8, 8], generator: gen);
        var t = tensor(new long[] { 10, 900 });
        var xt = schedule.AddNoise(x0, noise, t);
        var v = schedule.GetVelocity(x0, noise, t);
        for (int i = 0; i < 2; i++)
        {
            double a = schedule.AlphaCumprod(t[i].item<long>());
            var expected = Math.Sqrt(a) * x0[i] + Math.Sqrt(1 - a) * noise[i];
            Assert.True((xt[i] - expected).abs().max().item<float>() < 1e-5);
            // x0 = sqrt(a) x_t - sqrt(1-a) v: the identity DDIM uses for v-prediction.
            var recovered = Math.Sqrt(a) * xt[i] - Math.Sqrt(1 - a) * v[i];
            Assert.True((recovered - x0[i]).abs().max().item<float>() < 1e-5);
        }
        Assert.True(schedule.TrainingTarget(x0, noise, t).equal(noise).all().item<bool>());
        var vSchedule = new DdpmNoiseSchedule(NoiseScheduleConfig.StableDiffusion1 with { PredictionType = "v_prediction" });
        Assert.True(vSchedule.TrainingTarget(x0, noise, t).equal(v).all().item<bool>());
    }

    [Fact]
    public void EpsilonAndVPredictionStepsAgreeGivenTheTrueNoise()
    {
        using var scope = NewDisposeScope();
        var eps = new DdimScheduler(NoiseScheduleConfig.StableDiffusion1);
        var vpred = new DdimScheduler(NoiseScheduleConfig.StableDiffusion1 with { PredictionType = "v_prediction" });
        eps.SetTimesteps(10);
        vpred.SetTimesteps(10);
        var gen = new Generator(seed: 5);
        var x0 = randn([2, 4, 8, 8], generator: gen);
        var noise = randn([2, 4, 8, 8], generator: gen);
        var t = tensor(new long[] { 501, 501 });
        var xt = eps.Schedule.AddNoise(x0, noise, t);
        var v = eps.Schedule.GetVelocity(x0, noise, t);
        using var a = eps.Step(noise, t, xt, eta: 1.0, generator: new Generator(seed: 9));
        using var b = vpred.Step(v, t, xt, eta: 1.0, generator: new Generator(seed: 9));
        Assert.True((a.PredictedOriginalSample - x0).abs().max().item<float>() < 1e-4);
        Assert.True((a.PrevSample - b.PrevSample).abs().max().item<float>() < 1e-4);
        Assert.True((a.LogProb! - b.LogProb!).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void FinalStepUsesFinalAlphaForEta0AndClampsForEta1()
    {
        using var scope = NewDisposeScope();
        var s = new DdimScheduler(NoiseScheduleConfig.StableDiffusion1 with { SetAlphaToOne = true });
        s.SetTimesteps(10);
        var gen = new Generator(seed: 1);
        var xt = randn([1, 4, 4, 4], generator: gen);
        var eps = randn([1, 4, 4, 4], generator: gen);
        using var det = s.Step(eps, 1, xt, eta: 0);
        // alpha_prev = 1: the deterministic last step lands on the predicted x0.
        Assert.True((det.PrevSample - det.PredictedOriginalSample).abs().max().item<float>() < 1e-6);
        using var sto = s.Step(eps, 1, xt, eta: 1, generator: gen);
        Assert.True(sto.StdDev.item<float>() > 0);
        Assert.True(float.IsFinite(sto.LogProb!.item<float>()));
    }

    [Fact]
    public void ConfigErrorsNameTheKey()
    {
        using var doc = JsonDocument.Parse("""{"beta_schedule": "exotic"}""");
        var e = Assert.Throws<SchedulerConfigError>(() => NoiseScheduleConfig.FromJson(doc.RootElement, "scheduler_config.json"));
        Assert.Contains("beta_schedule", e.Message);
        Assert.Equal(2, e.ExitCode);
        using var bad = JsonDocument.Parse("""{"steps_offset": "one"}""");
        Assert.Contains("steps_offset", Assert.Throws<SchedulerConfigError>(() => NoiseScheduleConfig.FromJson(bad.RootElement, "x")).Message);
        using var thresh = JsonDocument.Parse("""{"thresholding": true}""");
        Assert.Throws<SchedulerConfigError>(() => NoiseScheduleConfig.FromJson(thresh.RootElement, "x"));
    }
}
