using Toolchain.Diffusion.Benchmarks;
using Toolchain.Diffusion.Models.Blocks;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Benchmarks;

public class ModuleProfilerTests
{
    [Fact]
    public void CountsConvolutionFlopsFromShapes()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(0);
        var block = new Downsample2D(g, 4, 8, padding: 1);
        using var profiler = new ModuleProfiler(block);

        block.call(randn([2, 4, 10, 10], generator: g));

        // Output 2 x 8 x 5 x 5, each a 4 x 3 x 3 dot product: 2 FLOPs per multiply-add.
        Assert.Equal(2.0 * (2 * 8 * 5 * 5) * (4 * 3 * 3), profiler.Flops);
        Assert.Contains("Conv2d", profiler.MillisecondsByType.Keys);
    }

    [Fact]
    public void CountsProjectionsAndAttentionMatmuls()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(0);
        var attention = new Attention(g, queryDim: 16, crossAttentionDim: 8, heads: 2, headDim: 8);
        using var profiler = new ModuleProfiler(attention);

        attention.call(randn([1, 5, 16], generator: g), randn([1, 3, 8], generator: g));

        double projections = 2.0 * (5 * 16 * 16 + 3 * 8 * 16 + 3 * 8 * 16 + 5 * 16 * 16);
        double matmuls = 2.0 * 2.0 * (5 * 3 * 16); // QK^T and AV over all heads
        Assert.Equal(projections + matmuls, profiler.Flops);
    }

    [Fact]
    public void DisposingRemovesTheHooks()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(0);
        var block = new Downsample2D(g, 4, 4, padding: 1);
        var profiler = new ModuleProfiler(block);
        profiler.Dispose();

        block.call(randn([1, 4, 4, 4], generator: g));

        Assert.Equal(0.0, profiler.Flops);
    }
}
