using System.Text.Json;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Sampling;
using Toolchain.Diffusion.Schedulers;
using Toolchain.Diffusion.Weights;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Sampling;

/// <summary>The whole guided DDIM loop against diffusers 0.25 (pipeline-ddim-cfg: unet-sd15-tiny, 4 steps, guidance 5, eta 0).</summary>
public class PipelineFixtureParityTests(ITestOutputHelper output)
{
    [Fact]
    public void GuidedDdimLoopMatchesDiffusers()
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("pipeline-ddim-cfg", "meta.json")));
        double tolerance = meta.RootElement.GetProperty("tolerance_abs").GetDouble();
        double guidance = meta.RootElement.GetProperty("guidance_scale").GetDouble();
        int steps = meta.RootElement.GetProperty("num_inference_steps").GetInt32();

        using var unet = DiffusersComponent.LoadUnet(Fixtures.Path("unet-sd15-tiny"));
        unet.eval();
        using var io = SafetensorsFile.Open(Fixtures.Path("pipeline-ddim-cfg", "io.safetensors"));
        using var scope = NewDisposeScope();
        var sampler = new GuidedDdimSampler(new DdimScheduler(NoiseScheduleConfig.StableDiffusion1), (x, t, c) => unet.call(x, t, c));
        using var result = sampler.Sample(io.Read("in.initial_noise"), io.Read("in.cond_embeddings"), io.Read("in.uncond_embeddings"), steps, guidance);

        Assert.Equal(io.Read("in.timesteps").to(ScalarType.Int64).data<long>().ToArray(), sampler.Scheduler.Timesteps.ToArray());
        double error = (result.FinalLatents - io.Read("out.final_latents")).abs().max().item<float>();
        output.WriteLine($"max abs error of the final latents: {error:E2} (tolerance {tolerance})");
        Assert.True(error <= tolerance, $"max abs error {error} > {tolerance}");
    }
}
