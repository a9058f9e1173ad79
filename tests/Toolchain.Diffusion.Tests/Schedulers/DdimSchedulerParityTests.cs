using System.Text.Json;
using Toolchain.Diffusion.Schedulers;
using Toolchain.Diffusion.Weights;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Schedulers;

/// <summary>Parity with diffusers 0.25 DDIMScheduler and DDPO's ddim_step_with_logprob (fixtures/ddim-sd15).</summary>
public sealed class DdimSchedulerParityTests : IDisposable
{
    private readonly SafetensorsFile io = SafetensorsFile.Open(Fixtures.Path("ddim-sd15", "io.safetensors"));
    private readonly DdimScheduler scheduler;
    private readonly double tolerance;

    private readonly ITestOutputHelper log;

    public DdimSchedulerParityTests(ITestOutputHelper log)
    {
        this.log = log;
        scheduler = new DdimScheduler(NoiseScheduleConfig.FromFile(Fixtures.Path("ddim-sd15", "config.json")));
        scheduler.SetTimesteps(10);
        using var meta = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("ddim-sd15", "meta.json")));
        tolerance = meta.RootElement.GetProperty("tolerance_abs").GetDouble();
    }

    public static TheoryData<long> CheckedSteps()
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("ddim-sd15", "meta.json")));
        var data = new TheoryData<long>();
        foreach (var t in meta.RootElement.GetProperty("steps_checked").EnumerateArray())
        {
            data.Add(t.GetInt64());
        }
        return data;
    }

    [Fact]
    public void ConfigReadsSd15Settings()
    {
        var c = scheduler.Config;
        Assert.Equal("scaled_linear", c.BetaSchedule);
        Assert.Equal(1, c.StepsOffset);
        Assert.False(c.SetAlphaToOne);
        Assert.False(c.ClipSample);
        Assert.Contains("dynamic_thresholding_ratio", c.IgnoredKeys);
    }

    [Fact]
    public void TimestepsMatchDiffusers()
    {
        using var expected = io.Read("timesteps");
        Assert.Equal(expected.data<long>().ToArray(), scheduler.Timesteps);
    }

    [Fact]
    public void AlphasCumprodMatchDiffusers()
    {
        using var expected = io.Read("alphas_cumprod");
        using var actual = scheduler.Schedule.AlphasCumprodTensor();
        Assert.True(MaxAbs(expected, actual) <= 1e-7, $"max abs error {MaxAbs(expected, actual)}");
    }

    [Theory]
    [MemberData(nameof(CheckedSteps))]
    public void DeterministicStepMatchesDiffusers(long t)
    {
        using var scope = NewDisposeScope();
        using var step = scheduler.Step(io.Read("model_output"), t, io.Read("latents"), eta: 0);
        var error = MaxAbs(io.Read($"t{t}.prev_eta0"), step.PrevSample);
        log.WriteLine($"t={t} prev_eta0 max abs error {error:E2}");
        Assert.True(error <= tolerance, $"t={t}: max abs error {error}");
        Assert.Null(step.LogProb);
    }

    [Theory]
    [MemberData(nameof(CheckedSteps))]
    public void Eta1LogProbMatchesDdpo(long t)
    {
        using var scope = NewDisposeScope();
        var output = io.Read("model_output");
        var latents = io.Read("latents");
        var timesteps = full([latents.shape[0]], t, ScalarType.Int64);
        var logProb = scheduler.LogProb(output, timesteps, latents, io.Read($"t{t}.prev_eta1"), eta: 1.0);
        var expected = io.Read($"t{t}.logprob_eta1");
        Assert.Equal(expected.shape, logProb.shape);
        var error = MaxAbs(expected, logProb);
        log.WriteLine($"t={t} logprob_eta1 max abs error {error:E2}");
        Assert.True(error <= tolerance, $"t={t}: max abs error {error}");
    }

    [Fact]
    public void StochasticStepIsReproducibleAndScoresItsOwnSample()
    {
        using var scope = NewDisposeScope();
        var output = io.Read("model_output");
        var latents = io.Read("latents");
        using var a = scheduler.Step(output, 901, latents, eta: 1.0, generator: new Generator(seed: 11));
        using var b = scheduler.Step(output, 901, latents, eta: 1.0, generator: new Generator(seed: 11));
        Assert.True(a.PrevSample.equal(b.PrevSample).all().item<bool>());
        var rescored = scheduler.LogProb(output, tensor(901L), latents, a.PrevSample, eta: 1.0);
        Assert.True(MaxAbs(a.LogProb!, rescored) <= 1e-6);
        // The sampled point is a draw from N(mean, std^2): its mean log-density is near -0.5 - log(std) - log sqrt(2 pi).
        var typical = -0.5 - Math.Log(a.StdDev.max().item<float>()) - Math.Log(Math.Sqrt(2 * Math.PI));
        Assert.InRange(a.LogProb!.mean().item<float>(), typical - 0.2, typical + 0.2);
    }

    [Fact]
    public void StochasticStepRequiresAGenerator()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => scheduler.Step(io.Read("model_output"), 901, io.Read("latents"), eta: 1.0));
    }

    public void Dispose() => io.Dispose();

    internal static double MaxAbs(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var diff = (expected.to(ScalarType.Float64) - actual.to(ScalarType.Float64)).abs().max();
        return diff.item<double>();
    }
}
