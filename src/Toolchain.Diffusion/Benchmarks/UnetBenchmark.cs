using System.Diagnostics;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Runtime;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Benchmarks;

/// <summary>
/// Measures a UNet's forward pass and training step (forward, epsilon MSE loss, backward, AdamW) on random
/// data from a seeded generator, its FLOPs and per-module-type time, the process's GEMM peak, and optionally
/// whether resident memory stays flat over many steps. Every iteration runs in its own dispose scope.
/// </summary>
public static class UnetBenchmark
{
    public static UnetBenchmarkResult Run(UnetBenchmarkOptions options)
    {
        if (options.Batch < 1 || options.Resolution < 1 || options.Tokens < 1 || options.Iterations < 1)
        {
            throw new ArgumentException("batch, resolution, tokens and iterations must be positive");
        }
        EngineEnvironment.Configure(options.Threads);
        var unet = options.ModelFolder is null
            ? new UNet2DConditionModel(UNetPresets.TinyCpu, ComputeDevice.Generator(0))
            : DiffusersComponent.LoadUnet(options.ModelFolder);
        var config = unet.Config;
        var generator = ComputeDevice.Generator(1234);
        var batch = RandomBatch(config, options, generator);

        double gemmPeak = GemmPeak.Measure();

        unet.eval();
        var forward = Time(options, () =>
        {
            using var noGrad = no_grad();
            unet.call(batch.Sample, batch.Timesteps, batch.Context);
        });

        // Profiled after the timed passes, so allocator and kernel warm-up do not land on the first modules.
        double forwardGflop;
        IReadOnlyDictionary<string, double> byType;
        using (var profiler = new ModuleProfiler(unet))
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            long start = Stopwatch.GetTimestamp();
            unet.call(batch.Sample, batch.Timesteps, batch.Context);
            double total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            forwardGflop = profiler.Flops / 1e9;
            var attributed = new Dictionary<string, double>(profiler.MillisecondsByType);
            attributed["(unattributed: upsampling, concatenation, time embedding)"] = Math.Max(0, total - attributed.Values.Sum());
            byType = attributed;
        }

        unet.train();
        var optimizer = optim.AdamW(unet.parameters(), lr: 1e-4, weight_decay: 1e-2);
        void TrainStep(Batch data)
        {
            optimizer.zero_grad();
            var prediction = unet.call(data.Sample, data.Timesteps, data.Context);
            var loss = nn.functional.mse_loss(prediction, data.Noise);
            loss.backward();
            optimizer.step();
        }
        var train = Time(options, () => TrainStep(batch));

        MemoryGrowth? trainingMemory = null, samplingMemory = null;
        if (options.MemorySteps > 0)
        {
            trainingMemory = MeasureGrowth(options, () =>
            {
                using var scope = NewDisposeScope();
                TrainStep(RandomBatch(config, options, generator));
            });
            unet.eval();
            samplingMemory = MeasureGrowth(options, () =>
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var data = RandomBatch(config, options, generator);
                unet.call(data.Sample, data.Timesteps, data.Context);
            });
        }
        batch.Dispose();

        return new UnetBenchmarkResult(
            options.ModelFolder ?? nameof(UNetPresets.TinyCpu),
            config,
            options,
            unet.parameters().Sum(p => p.NumberOfElements),
            forwardGflop,
            forward.Median,
            forward.Min,
            train.Median,
            train.Min,
            gemmPeak,
            byType,
            trainingMemory,
            samplingMemory);
    }

    private sealed record Batch(Tensor Sample, Tensor Timesteps, Tensor Context, Tensor Noise) : IDisposable
    {
        public void Dispose()
        {
            Sample.Dispose();
            Timesteps.Dispose();
            Context.Dispose();
            Noise.Dispose();
        }
    }

    private static Batch RandomBatch(UNet2DConditionConfig config, UnetBenchmarkOptions options, Generator generator) => new(
        randn([options.Batch, config.InChannels, options.Resolution, options.Resolution], generator: generator),
        randint(0, 1000, [options.Batch], dtype: ScalarType.Int64, generator: generator),
        randn([options.Batch, options.Tokens, config.CrossAttentionDim], generator: generator),
        randn([options.Batch, config.OutChannels, options.Resolution, options.Resolution], generator: generator));

    private static (double Median, double Min) Time(UnetBenchmarkOptions options, Action step)
    {
        var times = new List<double>();
        for (int i = 0; i < options.Warmup + options.Iterations; i++)
        {
            using var scope = NewDisposeScope();
            long start = Stopwatch.GetTimestamp();
            step();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= options.Warmup)
            {
                times.Add(ms);
            }
        }
        times.Sort();
        return (times[times.Count / 2], times[0]);
    }

    private static MemoryGrowth MeasureGrowth(UnetBenchmarkOptions options, Action step)
    {
        for (int i = 0; i < options.MemoryWarmup; i++)
        {
            step();
        }
        long before = ResidentMemory.MeasureBytes();
        for (int i = 0; i < options.MemorySteps; i++)
        {
            step();
        }
        return new MemoryGrowth(options.MemorySteps, before, ResidentMemory.MeasureBytes());
    }
}
