using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Toolchain.Diffusion.Benchmarks;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Runtime;
using Toolchain.Diffusion.Training;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Translation;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.FineTune;

/// <summary>
/// Times FineTune's own training step on a spec's model from scratch (UNet and text encoder as the stage builds
/// them, the stage's batch size, optimizer and options, the spec's prompts) on random images at Prepare's
/// resolution: median milliseconds per phase, training images per second, and optionally resident memory over
/// many steps. What `toolchain bench finetune` prints.
/// </summary>
public static class FineTuneBenchmark
{
    public sealed record Result(
        string Spec, int Batch, int Resolution, int Threads, long UnetParameters, long TextEncoderParameters,
        IReadOnlyList<TrainingStepTimings> Steps, IReadOnlyDictionary<string, double> UnetForwardMsByModuleType, double UnetForwardGflop, MemoryGrowth? Memory)
    {
        public TrainingStepTimings Median => new(
            MedianOf(t => t.NoisingMs), MedianOf(t => t.TextEncoderMs), MedianOf(t => t.UnetForwardMs),
            MedianOf(t => t.BackwardMs), MedianOf(t => t.ClipMs), MedianOf(t => t.OptimizerMs));

        public double StepMs => MedianOf(t => t.TotalMs);

        public double ImagesPerSecond => Batch / (StepMs / 1000.0);

        private double MedianOf(Func<TrainingStepTimings, double> phase)
        {
            var sorted = Steps.Select(phase).Order().ToList();
            return sorted[sorted.Count / 2];
        }

        public string ToJson()
        {
            var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("spec", Spec);
                w.WriteNumber("batch", Batch);
                w.WriteNumber("resolution", Resolution);
                w.WriteNumber("threads", Threads);
                w.WriteNumber("unet_parameters", UnetParameters);
                w.WriteNumber("text_encoder_parameters", TextEncoderParameters);
                w.WriteNumber("timed_steps", Steps.Count);
                w.WriteNumber("train_step_ms", Math.Round(StepMs, 3));
                w.WriteNumber("train_images_per_second", Math.Round(ImagesPerSecond, 2));
                var m = Median;
                w.WriteStartObject("median_ms_by_phase");
                w.WriteNumber("noising", Math.Round(m.NoisingMs, 3));
                w.WriteNumber("text_encoder_forward", Math.Round(m.TextEncoderMs, 3));
                w.WriteNumber("unet_forward_and_loss", Math.Round(m.UnetForwardMs, 3));
                w.WriteNumber("backward", Math.Round(m.BackwardMs, 3));
                w.WriteNumber("clip_grad_norm", Math.Round(m.ClipMs, 3));
                w.WriteNumber("optimizer_step", Math.Round(m.OptimizerMs, 3));
                w.WriteEndObject();
                w.WriteNumber("unet_forward_gflop", Math.Round(UnetForwardGflop, 4));
                w.WriteStartObject("unet_forward_ms_by_module_type");
                foreach (var (type, ms) in UnetForwardMsByModuleType)
                {
                    w.WriteNumber(type, Math.Round(ms, 3));
                }
                w.WriteEndObject();
                if (Memory is not null)
                {
                    w.WriteStartObject("training_memory");
                    w.WriteNumber("steps", Memory.Steps);
                    w.WriteNumber("before_mib", Math.Round(Memory.BeforeBytes / 1048576.0, 1));
                    w.WriteNumber("after_mib", Math.Round(Memory.AfterBytes / 1048576.0, 1));
                    w.WriteNumber("growth_percent", Math.Round(Memory.GrowthPercent, 2));
                    w.WriteBoolean("flat", Memory.Flat);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    private const int WarmupSteps = 3;

    public static Result Run(ResolvedSpec spec, int iterations, int memorySteps, int memoryWarmup = 50)
    {
        var stage = spec.GetStage(StageCatalog.Finetune);
        var settings = FineTuneSettings.Read(spec, stage);
        if (!settings.FromScratch)
        {
            throw new Core.ToolchainError("bench finetune: the spec's finetune starts from a checkpoint; this benchmark builds the model from scratch (`base: scratch`)", exitCode: 2);
        }
        int resolution = SettingValues.Int(spec.GetStage(StageCatalog.Prepare).Settings, "resolution");
        EngineEnvironment.Configure(spec.Dataset.Runtime.Threads);
        using var init = ComputeDevice.Generator(SeedDerivation.Derive(settings.Seed, "init"));
        using var model = TextToImageModel.CreateFromScratch(settings.Scratch(resolution), init);
        // The schedule's length only shapes the learning rate; the timed steps cost the same at any point of it.
        using var trainer = new TextToImageTrainer(model, settings.Training with { TotalSteps = settings.Training.WarmupSteps + WarmupSteps + iterations + memoryWarmup + memorySteps + 1 });
        var prompts = DatasetTranslation.Template(spec.Dataset).Enumerate().Select(p => p.Prompt).ToList();
        using var generator = ComputeDevice.Generator(1234);
        int batch = settings.BatchSize;

        void Step()
        {
            using var scope = NewDisposeScope();
            var images = rand([batch, 3, resolution, resolution], generator: generator) * 2 - 1;
            trainer.TrainStep(images, Enumerable.Range(0, batch).Select(i => prompts[i % prompts.Count]).ToList(), generator);
        }

        const int warmup = WarmupSteps;
        var timings = new List<TrainingStepTimings>();
        for (int i = 0; i < warmup + iterations; i++)
        {
            Step();
            if (i >= warmup) timings.Add(trainer.LastStepTimings!);
        }
        // One profiled forward of the UNet in training mode on a training-shaped batch, after the timed steps.
        IReadOnlyDictionary<string, double> byType;
        double gflop;
        using (var profiler = new ModuleProfiler(model.Unet))
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var images = rand([batch, 3, resolution, resolution], generator: generator);
            var context = model.EncodePrompts(Enumerable.Range(0, batch).Select(i => prompts[i % prompts.Count]).ToList());
            model.Unet.call(images, randint(0, 1000, [batch], dtype: ScalarType.Int64, generator: generator), context);
            byType = profiler.MillisecondsByType;
            gflop = profiler.Flops / 1e9;
        }
        MemoryGrowth? memory = null;
        if (memorySteps > 0)
        {
            for (int i = 0; i < memoryWarmup; i++) Step();
            long before = ResidentMemory.MeasureBytes();
            for (int i = 0; i < memorySteps; i++) Step();
            memory = new MemoryGrowth(memorySteps, before, ResidentMemory.MeasureBytes());
        }
        return new Result(Path.GetFileName(spec.SpecFile), batch, resolution, spec.Dataset.Runtime.Threads,
            model.Unet.parameters().Sum(p => p.numel()), model.TextEncoder.parameters().Sum(p => p.numel()), timings, byType, gflop, memory);
    }
}
