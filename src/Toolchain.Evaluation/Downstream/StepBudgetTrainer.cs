using Toolchain.Core;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Evaluation.Downstream;

/// <summary>
/// Trains a <see cref="DiagnosisClassifier"/> for an exact number of AdamW steps (cross-entropy over class
/// indices), walking seeded permutations of the training set and starting a new one when it runs out. An
/// epoch-based loop would give the larger real+synthetic set more steps; a fixed step count keeps the budget equal.
/// </summary>
public static class StepBudgetTrainer
{
    public static void Train(DiagnosisClassifier model, LabelledImages data, int steps, DownstreamOptions options, ulong seed, CancellationToken cancellation = default)
    {
        if (data.Count < 2)
        {
            throw new ToolchainError($"the downstream classifier needs at least 2 training images, got {data.Count}");
        }
        int k = model.Config.Classes.Count;
        if (data.Classes.Any(c => c < 0 || c >= k))
        {
            throw new ArgumentException($"class indices must be in 0..{k - 1}");
        }
        using var images = Vision.ImageBatch.FromRgb(data.Pixels, data.Height, data.Width);
        using var targets = tensor(data.Classes.Select(c => (long)c).ToArray());
        using var generator = new Generator(seed, TorchSharp.torch.get_default_device());
        using var optimizer = optim.AdamW(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        long n = data.Count;
        int batch = (int)Math.Min(options.BatchSize, n);
        Tensor order = randperm(n, generator: generator);
        long position = 0;
        model.train();
        try
        {
            for (int step = 0; step < steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                if (position + batch > n)
                {
                    // The tail shorter than a batch is skipped (batch norm needs full batches); a fresh permutation covers it.
                    order.Dispose();
                    order = randperm(n, generator: generator);
                    position = 0;
                }
                using var scope = NewDisposeScope();
                var index = order.narrow(0, position, batch);
                position += batch;
                var inputs = images.index_select(0, index);
                if (options.RandomFlips)
                {
                    inputs = FlipAugmentation.Apply(inputs, generator);
                }
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(inputs), targets.index_select(0, index));
                loss.backward();
                optimizer.step();
                float value = loss.item<float>();
                if (!float.IsFinite(value))
                {
                    throw new ToolchainError($"downstream classifier loss became {value} at step {step + 1}; lower retrain.learning_rate");
                }
            }
        }
        finally
        {
            order.Dispose();
            model.eval();
        }
    }
}
