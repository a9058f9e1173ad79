using System.Text;
using System.Text.Json;
using Toolchain.Diffusion.Models.Unet;

namespace Toolchain.Diffusion.Benchmarks;

/// <summary>Resident memory before and after a number of steps taken after a warm-up.</summary>
public sealed record MemoryGrowth(int Steps, long BeforeBytes, long AfterBytes)
{
    public double GrowthPercent => 100.0 * (AfterBytes - BeforeBytes) / BeforeBytes;

    /// <summary>The engine's criterion: less than 5% growth.</summary>
    public bool Flat => GrowthPercent < 5.0;
}

public sealed record UnetBenchmarkResult(
    string Model,
    UNet2DConditionConfig Config,
    UnetBenchmarkOptions Options,
    long Parameters,
    double ForwardGflop,
    double ForwardMs,
    double ForwardMsMin,
    double TrainStepMs,
    double TrainStepMsMin,
    double GemmPeakGflops,
    IReadOnlyDictionary<string, double> ForwardMsByModuleType,
    MemoryGrowth? TrainingMemory,
    MemoryGrowth? SamplingMemory)
{
    /// <summary>Training-step throughput: forward + backward counted as 3x the forward FLOPs (the usual estimate).</summary>
    public double AchievedGflops => 3.0 * ForwardGflop / (TrainStepMs / 1000.0);

    public double ForwardGflops => ForwardGflop / (ForwardMs / 1000.0);

    public double FractionOfGemmPeak => AchievedGflops / GemmPeakGflops;

    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", Model);
            w.WriteNumber("batch", Options.Batch);
            w.WriteNumber("resolution", Options.Resolution);
            w.WriteNumber("tokens", Options.Tokens);
            w.WriteNumber("threads", Options.Threads);
            w.WriteNumber("parameters", Parameters);
            w.WriteNumber("forward_gflop", Round(ForwardGflop));
            w.WriteNumber("forward_ms", Round(ForwardMs));
            w.WriteNumber("forward_ms_min", Round(ForwardMsMin));
            w.WriteNumber("train_step_ms", Round(TrainStepMs));
            w.WriteNumber("train_step_ms_min", Round(TrainStepMsMin));
            w.WriteNumber("achieved_gflops", Round(AchievedGflops));
            w.WriteNumber("forward_gflops", Round(ForwardGflops));
            w.WriteNumber("gemm_peak_gflops", Round(GemmPeakGflops));
            w.WriteNumber("train_fraction_of_gemm_peak", Round(FractionOfGemmPeak));
            w.WriteStartObject("forward_ms_by_module_type");
            foreach (var (type, ms) in ForwardMsByModuleType)
            {
                w.WriteNumber(type, Round(ms));
            }
            w.WriteEndObject();
            WriteMemory(w, "training_memory", TrainingMemory);
            WriteMemory(w, "sampling_memory", SamplingMemory);
            w.WritePropertyName("config");
            using (var config = JsonDocument.Parse(Config.ToJson()))
            {
                config.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteMemory(Utf8JsonWriter w, string name, MemoryGrowth? memory)
    {
        if (memory is null)
        {
            return;
        }
        w.WriteStartObject(name);
        w.WriteNumber("steps", memory.Steps);
        w.WriteNumber("rss_before_mb", Round(memory.BeforeBytes / 1048576.0));
        w.WriteNumber("rss_after_mb", Round(memory.AfterBytes / 1048576.0));
        w.WriteNumber("growth_percent", Round(memory.GrowthPercent));
        w.WriteBoolean("flat", memory.Flat);
        w.WriteEndObject();
    }

    private static double Round(double value) => Math.Round(value, 3);
}
