using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Training;

/// <summary>The model's unweighted training error at one timestep: mean squared error of its prediction against the training target.</summary>
public sealed record TimestepError(long Timestep, double MeanSquaredError);

/// <summary>
/// How well a trained model denoises at each noise level: for a fixed set of images and prompts, fixed noise
/// from a seeded generator, the mean squared error of the model's prediction (epsilon or v, as it was trained)
/// at each of the given timesteps. A judge-free figure the training stage can compute itself: a model that
/// learned the data has low error at the high-noise timesteps where the image's layout is decided.
/// </summary>
public static class TimestepLoss
{
    public static IReadOnlyList<TimestepError> Measure(TextToImageModel model, Tensor images, IReadOnlyList<string> prompts, IReadOnlyList<long> timesteps, ulong seed, int batchSize = 32)
    {
        long n = images.shape[0];
        if (prompts.Count != n) throw new ArgumentException($"{prompts.Count} prompts for {n} images");
        var schedule = new DdpmNoiseSchedule(model.NoiseSchedule);
        model.Unet.eval();
        model.TextEncoder.eval();
        using var noGrad = no_grad();
        using var generator = Runtime.ComputeDevice.Generator(seed);
        var result = new List<TimestepError>();
        foreach (long t in timesteps)
        {
            double sum = 0;
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long count = Math.Min(batchSize, n - start);
                var clean = model.EncodeImages(images.narrow(0, start, count));
                var noise = randn(clean.shape, generator: generator);
                var steps = full([count], t, ScalarType.Int64);
                var noisy = schedule.AddNoise(clean, noise, steps);
                var target = schedule.TrainingTarget(clean, noise, steps);
                var context = model.EncodePrompts(prompts.Skip((int)start).Take((int)count).ToList());
                var error = (model.Unet.call(noisy, steps, context) - target).square().mean();
                sum += error.item<float>() * count;
            }
            result.Add(new TimestepError(t, sum / n));
        }
        return result;
    }
}
