using Toolchain.Diffusion.Runtime;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Sampling;
using Toolchain.Diffusion.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>How to sample: DDIM steps, classifier-free guidance scale and eta.</summary>
public sealed record SamplingSettings(int Steps, double GuidanceScale, double Eta);

/// <summary>
/// Guided DDIM sampling of a <see cref="TextToImageModel"/> where every image has its own generator: its
/// initial noise and, with eta &gt; 0, every step's noise come from <c>Generator(seed)</c> alone, so an image
/// is reproduced from its (prompt, seed) whatever else shares its batch (bit-exactly for the same batch
/// layout and thread count; within float rounding otherwise, since BLAS blocking depends on batch size).
/// </summary>
public static class SeededImageSampler
{
    /// <param name="lora">Adapters attached to the model, when they are timestep-gated (merged ones need nothing here).</param>
    /// <returns>Images (B, 3, H, W) in [-1, 1].</returns>
    public static Tensor Generate(TextToImageModel model, IReadOnlyList<string> prompts, IReadOnlyList<ulong> seeds, int height, int width, SamplingSettings settings, LoraNetwork? lora = null)
    {
        if (prompts.Count != seeds.Count || prompts.Count == 0)
        {
            throw new ArgumentException($"need one seed per prompt and at least one prompt (got {prompts.Count} prompts, {seeds.Count} seeds)");
        }
        if (settings.Eta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "eta must be >= 0");
        }
        var shape = model.SampleShape(height, width);
        var scheduler = new DdimScheduler(model.NoiseSchedule);
        scheduler.SetTimesteps(settings.Steps);
        var predictNoise = lora is null ? model.PredictNoise : lora.Gated(model.PredictNoise);
        var generators = seeds.Select(s => ComputeDevice.Generator(s)).ToList();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var noise = cat(generators.Select(g => randn([1, .. shape], generator: g)).ToList(), 0);
            var cond = model.EncodePrompts(prompts);
            var uncond = ClassifierFreeGuidance.IsGuided(settings.GuidanceScale)
                ? model.EncodePrompts(Enumerable.Repeat("", prompts.Count).ToList())
                : null;
            var x = noise * scheduler.InitNoiseSigma;
            foreach (var t in scheduler.Timesteps)
            {
                using var step = NewDisposeScope();
                var timestep = full([prompts.Count], t, ScalarType.Int64);
                var eps = ClassifierFreeGuidance.PredictNoise(predictNoise, x, timestep, cond, uncond, settings.GuidanceScale);
                Tensor next;
                if (settings.Eta > 0)
                {
                    // Evaluating the step at x gives its mean and std; the noise is then drawn per image.
                    using var output = scheduler.Step(eps, timestep, x, settings.Eta, generator: null, prevSample: x);
                    var stepNoise = cat(generators.Select(g => randn([1, .. shape], generator: g)).ToList(), 0);
                    next = output.PrevSampleMean + output.StdDev * stepNoise;
                }
                else
                {
                    using var output = scheduler.Step(eps, timestep, x);
                    next = output.PrevSample.clone();
                }
                var previous = x;
                x = next.MoveToOuterDisposeScope();
                previous.Dispose();
            }
            return model.DecodeLatents(x).clamp(-1.0, 1.0).MoveToOuterDisposeScope();
        }
        finally
        {
            foreach (var g in generators)
            {
                g.Dispose();
            }
        }
    }
}
