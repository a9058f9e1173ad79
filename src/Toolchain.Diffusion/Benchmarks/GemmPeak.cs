using Toolchain.Diffusion.Runtime;
using System.Diagnostics;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Benchmarks;

/// <summary>The fp32 matrix-multiply throughput this process reaches: the ceiling model throughput is compared with.</summary>
public static class GemmPeak
{
    /// <summary>Best GFLOP/s of n x n @ n x n products (2 n^3 FLOPs each) over the given repetitions, after one warm-up.</summary>
    public static double Measure(int size = 1024, int repetitions = 5)
    {
        var generator = ComputeDevice.Generator(0);
        using var scope = NewDisposeScope();
        var a = randn([size, size], generator: generator);
        var b = randn([size, size], generator: generator);
        a.matmul(b).Dispose();
        double best = double.PositiveInfinity;
        for (int i = 0; i < repetitions; i++)
        {
            long start = Stopwatch.GetTimestamp();
            using var product = a.matmul(b);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return 2.0 * size * size * (double)size / best / 1e9;
    }
}
