using System.Text.Json;
using Toolchain.Diffusion.Benchmarks;

namespace Toolchain.Diffusion.Tests.Benchmarks;

public class UnetBenchmarkTests
{
    [Fact]
    public void ReportsTimingsThroughputAndMemoryAsJson()
    {
        var result = UnetBenchmark.Run(new UnetBenchmarkOptions(Batch: 2, Resolution: 16, Tokens: 4, Warmup: 1, Iterations: 1, MemorySteps: 2, MemoryWarmup: 1));

        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        foreach (var field in new[] { "forward_ms", "train_step_ms", "achieved_gflops", "gemm_peak_gflops", "forward_gflop", "threads" })
        {
            Assert.True(root.GetProperty(field).GetDouble() > 0, field);
        }
        Assert.Equal("TinyCpu", root.GetProperty("model").GetString());
        Assert.Equal(64, root.GetProperty("config").GetProperty("cross_attention_dim").GetInt32());
        Assert.True(root.GetProperty("forward_ms_by_module_type").TryGetProperty("Conv2d", out _));
        Assert.Equal(2, root.GetProperty("training_memory").GetProperty("steps").GetInt32());
        Assert.True(root.GetProperty("sampling_memory").GetProperty("rss_after_mb").GetDouble() > 0);
    }
}
