using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>Runs a no-gradient evaluation over a large image tensor in fixed-size chunks and concatenates the results.</summary>
public static class Batched
{
    public static Tensor Map(nn.Module module, Tensor images, int batchSize, Func<Tensor, Tensor> evaluate)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be positive");
        }
        using var mode = EvalMode.Enter(module);
        using var grad = no_grad();
        using var scope = NewDisposeScope();
        long n = images.shape[0];
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += batchSize)
        {
            long length = Math.Min(batchSize, n - start);
            parts.Add(evaluate(images.narrow(0, start, length)));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }
}
