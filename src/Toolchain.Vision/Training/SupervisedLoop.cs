using System.Diagnostics;
using Toolchain.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Vision.Training;

/// <summary>
/// The shared minibatch loop: per epoch a seeded permutation, optional flips, AdamW steps on a caller-given
/// loss. Every iteration runs in its own dispose scope so native memory stays flat across epochs.
/// </summary>
internal static class SupervisedLoop
{
    /// <param name="loss">Loss of a batch from (the augmented images, the batch's row indices into the dataset).</param>
    public static IReadOnlyList<EpochStats> Run(
        nn.Module model,
        Tensor images,
        TrainingOptions options,
        Func<Tensor, Tensor, Tensor> loss,
        Action<EpochStats>? onEpoch)
    {
        options.Validate();
        CheckImages(images);
        long n = images.shape[0];
        if (n < 2)
        {
            throw new ToolchainError($"training needs at least 2 images, got {n}");
        }
        using var generator = new Generator((ulong)options.Seed, TorchSharp.torch.get_default_device());
        using var optimizer = optim.AdamW(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        var history = new List<EpochStats>();
        model.train();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            int batches = 0, seen = 0;
            using var order = randperm(n, generator: generator);
            for (long start = 0; start < n; start += options.BatchSize)
            {
                long length = Math.Min(options.BatchSize, n - start);
                if (length < 2)
                {
                    break; // batch norm cannot normalise a single image; the next epoch's permutation includes it again
                }
                using var step = NewDisposeScope();
                var index = order.narrow(0, start, length);
                var batch = images.index_select(0, index);
                if (options.RandomFlips)
                {
                    batch = FlipAugmentation.Apply(batch, generator);
                }
                optimizer.zero_grad();
                var value = loss(batch, index);
                value.backward();
                optimizer.step();
                double scalar = value.item<float>();
                if (!double.IsFinite(scalar))
                {
                    throw new ToolchainError($"training loss became {scalar} in epoch {epoch}; lower the learning rate");
                }
                lossSum += scalar;
                batches++;
                seen += (int)length;
            }
            var stats = new EpochStats(epoch, lossSum / batches, seen, clock.Elapsed.TotalSeconds);
            history.Add(stats);
            onEpoch?.Invoke(stats);
        }
        model.eval();
        return history;
    }

    public static void CheckImages(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3 || images.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"expected (N, 3, H, W) float32 images in [-1, 1], got ({string.Join(", ", images.shape)}) {images.dtype}", nameof(images));
        }
    }
}
