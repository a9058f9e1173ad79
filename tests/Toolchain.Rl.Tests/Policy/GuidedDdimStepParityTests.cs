using System.Text.Json;
using Toolchain.Diffusion.Schedulers;
using Toolchain.Diffusion.Weights;
using Toolchain.Rl.Policy;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Policy;

/// <summary>
/// The policy's step against DDPO's ddim_step_with_logprob (fixtures/ddim-sd15): a noise predictor that returns the
/// fixture's model_output for both guidance halves makes the guided prediction exactly that output, so the
/// step's log-density of the fixture's prev_eta1 must equal its logprob_eta1.
/// </summary>
public sealed class GuidedDdimStepParityTests(ITestOutputHelper log) : IDisposable
{
    private readonly SafetensorsFile io = SafetensorsFile.Open(PolicyFixtures.Path("ddim-sd15", "io.safetensors"));

    public static TheoryData<long> CheckedSteps()
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(PolicyFixtures.Path("ddim-sd15", "meta.json")));
        var data = new TheoryData<long>();
        foreach (var t in meta.RootElement.GetProperty("steps_checked").EnumerateArray())
        {
            data.Add(t.GetInt64());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CheckedSteps))]
    public void LogProbOfTheFixtureTransitionMatchesDdpo(long t)
    {
        using var scope = NewDisposeScope();
        var modelOutput = io.Read("model_output");
        var latents = io.Read("latents");
        long batch = latents.shape[0];
        var calls = 0;
        Tensor Stub(Tensor sample, Tensor timesteps, Tensor context)
        {
            calls++;
            // Guidance doubles the batch (unconditional half first); both halves get the fixture output.
            Assert.Equal(2 * batch, sample.shape[0]);
            Assert.All(timesteps.data<long>().ToArray(), v => Assert.Equal(t, v));
            return cat([modelOutput, modelOutput], 0);
        }
        var schedule = NoiseScheduleConfig.FromFile(PolicyFixtures.Path("ddim-sd15", "config.json"));
        var step = new GuidedDdimStep(schedule, Stub, new DdimPolicySettings(NumSteps: 10, GuidanceScale: 5.0, Eta: 1.0));
        var cond = zeros(batch, 3, 4);
        var uncond = ones(batch, 3, 4);

        using var output = step.Step(latents, full([batch], t, ScalarType.Int64), cond, uncond, generator: null, prevSample: io.Read($"t{t}.prev_eta1"));

        var expected = io.Read($"t{t}.logprob_eta1");
        double error = (expected.to(ScalarType.Float64) - output.LogProb!.to(ScalarType.Float64)).abs().max().item<double>();
        log.WriteLine($"t={t}: max |logprob - fixture| = {error:E2}");
        Assert.Equal(1, calls);
        Assert.Equal(expected.shape, output.LogProb!.shape);
        Assert.True(error <= 1e-4, $"t={t}: max abs error {error}");
    }

    [Fact]
    public void TimestepsAreTheSchedulersLeadingSpacing()
    {
        var schedule = NoiseScheduleConfig.FromFile(PolicyFixtures.Path("ddim-sd15", "config.json"));
        var step = new GuidedDdimStep(schedule, (x, _, _) => x, new DdimPolicySettings(10, 1.0, 1.0));
        using var expected = io.Read("timesteps");
        Assert.Equal(expected.data<long>().ToArray(), step.Timesteps);
    }

    [Fact]
    public void EtaZeroIsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GuidedDdimStep(NoiseScheduleConfig.StableDiffusion1, (x, _, _) => x, new DdimPolicySettings(10, 1.0, 0.0)));
        Assert.Contains("eta", error.Message);
    }

    public void Dispose() => io.Dispose();
}
