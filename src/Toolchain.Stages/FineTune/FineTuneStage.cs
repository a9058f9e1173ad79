using Toolchain.Diffusion.Runtime;
using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Training;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;
using Toolchain.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.FineTune;

/// <summary>
/// The paper's supervised baseline: trains a text-to-image diffusion model on Prepare's train images with
/// their template prompts. From scratch (the embedded default) it builds a small pixel-space model and trains
/// the UNet and text encoder together; over a checkpoint it fine-tunes the UNet (fully or with LoRA) and keeps
/// the text encoder frozen. A checkpoint is written after every epoch, so a killed run resumes where it
/// stopped and ends with the same bytes as an uninterrupted one.
/// </summary>
public sealed class FineTuneStage : IStage
{
    public const string ModelFolder = "model";
    public const string LoraFolder = "lora";
    public const string LoraFile = "pytorch_lora_weights.safetensors";
    public const string LossCsvFile = "loss.csv";
    public const string LossPngFile = "loss.png";
    public const string TimestepLossCsvFile = "timestep-loss.csv";
    public const string TimestepLossPngFile = "timestep-loss.png";

    /// <summary>Training pairs and noise levels at which the final model's denoising error is measured.</summary>
    public const int TimestepLossImages = 128;
    public const int TimestepLossLevels = 10;
    public const string SamplesFolder = "samples";
    public const string GridFile = "grid.png";

    /// <summary>Rows (most frequent training prompts) and columns of the sample grid, and how it is sampled.</summary>
    public const int GridPrompts = 6;
    public const int GridColumns = 6;
    public static readonly SamplingSettings GridSampling = new(Steps: 25, GuidanceScale: 3.0, Eta: 0.0);

    private const string CheckpointFolder = "training";

    public string Name => StageCatalog.Finetune;

    public StageSummary Run(StageContext context)
    {
        var settings = FineTuneSettings.Read(context.Spec, context.Stage);
        var dataset = CanonicalDatasetReader.Read(Path.Combine(context.Input(StageCatalog.Prepare), PrepareStage.DatasetFolder));
        var template = DatasetTranslation.Template(context.Spec.Dataset);
        var examples = TrainingExamples.Load(dataset, template);
        context.Log.Info(string.Create(CultureInfo.InvariantCulture,
            $"{examples.Count} training pairs at {examples.Width}x{examples.Height} ({examples.Skipped} train records without a prompt skipped)"));

        using var model = CreateModel(settings, examples);
        using var loraGenerator = ComputeDevice.Generator(SeedDerivation.Derive(settings.Seed, "lora-init"));
        using var lora = settings.Lora ? LoraNetwork.Attach(model.Unet, settings.LoraConfig, loraGenerator) : null;
        long totalSteps = settings.TotalSteps(examples.Count);
        if (settings.Training.Schedule == LearningRateSchedule.Cosine && totalSteps <= settings.Training.WarmupSteps)
        {
            throw new ToolchainError($"stages.finetune.lr_schedule: cosine decays after the warm-up, but the run has {totalSteps} steps and warmup_steps is {settings.Training.WarmupSteps}", exitCode: 2);
        }
        using var trainer = new TextToImageTrainer(model, settings.Training with { TotalSteps = totalSteps }, lora);
        context.Log.Info(string.Create(CultureInfo.InvariantCulture,
            $"{(settings.FromScratch ? "model from scratch" : settings.Lora ? "LoRA over " + settings.BasePath : "full fine-tune of " + settings.BasePath)}: {trainer.Trainable.Sum(p => p.numel()):N0} trainable parameters"));

        var losses = Train(context, settings, examples, trainer, loraGenerator);
        // diffusers' EMAModel convention: the averaged weights are the model that is saved and sampled.
        trainer.Ema?.CopyToParameters();

        if (lora is not null)
        {
            lora.Save(context.Output(LoraFolder, LoraFile));
            // model/ is always the fine-tuned model itself, so downstream stages need not stack adapters.
            lora.Merge();
        }
        model.Save(Path.Combine(context.OutputDirectory, ModelFolder));
        File.WriteAllText(context.Output(LossCsvFile), LossLog.Csv(losses));
        File.WriteAllBytes(context.Output(LossPngFile), LossLog.Png(losses));
        var timestepErrors = MeasureTimestepLoss(model, examples, settings.Seed);
        File.WriteAllText(context.Output(TimestepLossCsvFile), LossLog.TimestepCsv(timestepErrors));
        File.WriteAllBytes(context.Output(TimestepLossPngFile), LossLog.TimestepPng(timestepErrors));
        var prompts = examples.CommonPrompts(GridPrompts);
        File.WriteAllBytes(context.Output(SamplesFolder, GridFile), SampleGrid.Render(model, prompts, GridColumns, settings.Seed, examples.Width, examples.Height, GridSampling));

        var means = LossLog.EpochMeans(losses);
        var facts = new JsonObject
        {
            ["training_pairs"] = examples.Count,
            ["skipped_without_prompt"] = examples.Skipped,
            ["steps"] = losses.Count,
            ["first_epoch_loss"] = means[0],
            ["last_epoch_loss"] = means[^1],
            ["timestep_loss"] = new JsonObject(timestepErrors.Select(e => KeyValuePair.Create(e.Timestep.ToString(CultureInfo.InvariantCulture), (JsonNode?)e.MeanSquaredError))),
        };
        return StageSummary.Of(string.Create(CultureInfo.InvariantCulture,
            $"{settings.EpochsFor(examples.Count)} epochs, {losses.Count} steps on {examples.Count} pairs; loss {means[0]:F4} -> {means[^1]:F4}"), facts);
    }

    /// <summary>The final model's error at evenly spaced noise levels on evenly spaced training pairs, with fixed noise.</summary>
    private static IReadOnlyList<TimestepError> MeasureTimestepLoss(TextToImageModel model, TrainingExamples examples, long seed)
    {
        int count = Math.Min(TimestepLossImages, examples.Count);
        var indices = Enumerable.Range(0, count).Select(i => (int)((long)i * examples.Count / count)).ToList();
        int trainTimesteps = model.NoiseSchedule.NumTrainTimesteps;
        var levels = Enumerable.Range(0, TimestepLossLevels).Select(i => (long)((2 * i + 1) * trainTimesteps / (2 * TimestepLossLevels))).ToList();
        using var scope = NewDisposeScope();
        var images = ImageBatch.FromRgb(indices.Select(i => examples.Pixels[i]).ToList(), examples.Height, examples.Width);
        return TimestepLoss.Measure(model, images, indices.Select(i => examples.Prompts[i]).ToList(), levels, SeedDerivation.Derive(seed, "timestep-loss"));
    }

    private static TextToImageModel CreateModel(FineTuneSettings settings, TrainingExamples examples)
    {
        if (examples.Width != examples.Height && settings.FromScratch)
        {
            throw new ToolchainError($"a model from scratch is built for square images; Prepare wrote {examples.Width}x{examples.Height}", exitCode: 2);
        }
        if (settings.FromScratch)
        {
            using var init = ComputeDevice.Generator(SeedDerivation.Derive(settings.Seed, "init"));
            return TextToImageModel.CreateFromScratch(settings.Scratch(examples.Width), init);
        }
        var model = TextToImageModel.Load(settings.BasePath!);
        if (model.IsLatentSpace != settings.LatentSpace)
        {
            model.Dispose();
            throw new ToolchainError($"stages.finetune.space is '{(settings.LatentSpace ? "latent" : "pixel")}' but {settings.BasePath} {(model.IsLatentSpace ? "has" : "has no")} vae/", exitCode: 2);
        }
        model.SampleShape(examples.Height, examples.Width);
        return model;
    }

    private static List<LossRecord> Train(StageContext context, FineTuneSettings settings, TrainingExamples examples, TextToImageTrainer trainer, Generator loraGenerator)
    {
        string checkpoint = Path.Combine(context.ResumeDirectory, CheckpointFolder);
        int startEpoch = 0;
        var losses = new List<LossRecord>();
        if (TrainingCheckpoint.Exists(checkpoint))
        {
            var progress = TrainingCheckpoint.Load(checkpoint, trainer);
            startEpoch = progress.EpochsCompleted;
            losses.AddRange(progress.Losses);
            context.Log.Info($"resuming after epoch {startEpoch} of {settings.EpochsFor(examples.Count)} from {checkpoint}");
        }

        int n = examples.Count;
        int batchSize = Math.Min(settings.BatchSize, n);
        int epochs = settings.EpochsFor(n);
        long totalSteps = settings.TotalSteps(n);
        using var task = context.Progress.Start("fine-tuning", epochs);
        task.Increment(startEpoch);
        for (int epoch = startEpoch; epoch < epochs; epoch++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            // Everything random in an epoch comes from its own seed, so a resumed run replays it exactly.
            using var generator = ComputeDevice.Generator(SeedDerivation.Derive(settings.Seed, "epoch", epoch));
            loraGenerator.manual_seed((long)SeedDerivation.Derive(settings.Seed, "lora-dropout", epoch));
            long[] order;
            using (var permutation = randperm(n, generator: generator))
            {
                order = permutation.cpu().data<long>().ToArray();
            }
            for (int start = 0; start < n && trainer.StepsTaken < totalSteps; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var indices = order.Skip(start).Take(batchSize).Select(i => (int)i).ToList();
                var images = ImageBatch.FromRgb(indices.Select(i => examples.Pixels[i]).ToList(), examples.Height, examples.Width);
                float loss = trainer.TrainStep(images, indices.Select(i => examples.Prompts[i]).ToList(), generator);
                if (!float.IsFinite(loss))
                {
                    throw new ToolchainError($"finetune: the loss became {loss} at step {trainer.StepsTaken} (epoch {epoch + 1}); lower learning_rate or add warmup_steps", exitCode: 1);
                }
                losses.Add(new LossRecord(trainer.StepsTaken, epoch + 1, loss));
                context.Log.Detail(string.Create(CultureInfo.InvariantCulture, $"step {trainer.StepsTaken} epoch {epoch + 1} loss {loss:F5}"));
            }
            TrainingCheckpoint.Save(checkpoint, trainer, new TrainingProgress(TrainingProgress.CurrentFormat, epoch + 1, trainer.StepsTaken, losses));
            context.Log.Info(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch + 1}/{epochs}: mean loss {losses.Where(l => l.Epoch == epoch + 1).Average(l => l.Loss):F4}"));
            task.Increment();
        }
        return losses;
    }
}
