using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Imaging;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Training;
using Toolchain.Evaluation.Plots;
using Toolchain.Specs.Stages;
using Toolchain.Stages.FineTune;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Refine;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;
using Toolchain.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.Sample;

/// <summary>
/// Generates the candidate synthetic images: for every subgroup with a quota, oversampled counts per prompt
/// from FineTune's model, with Refine's LoRA adapters when the pipeline refines. Each image has its own seed
/// and is written with the prompt, seed, model digest and sampler settings that regenerate it.
/// </summary>
public sealed class SampleStage : IStage
{
    public const string ImagesFolder = "images";
    public const string SamplesCsvFile = "samples.csv";
    public const string GridFile = "grid.png";

    /// <summary>Images per subgroup row of the grid.</summary>
    public const int GridColumns = 8;

    public string Name => StageCatalog.Sample;

    public StageSummary Run(StageContext context)
    {
        var settings = SampleSettings.Read(context.Spec, context.Stage);
        var spec = context.Spec.Dataset;
        var dataset = CanonicalDatasetReader.Read(Path.Combine(context.Input(StageCatalog.Prepare), PrepareStage.DatasetFolder), checkFiles: false);
        var template = DatasetTranslation.Template(spec);
        var plan = SubgroupPlan.Build(spec, dataset.Records);
        var jobs = SampleJob.Plan(plan.Quotas, template, settings.Oversample, settings.Seed);
        var (width, height) = ImageSize(dataset);

        string modelFolder = Path.Combine(context.Input(StageCatalog.Finetune), FineTuneStage.ModelFolder);
        string? loraFile = context.OptionalInput(StageCatalog.Refine) is { } refine
            ? Path.Combine(refine, FineTuneStage.LoraFolder, FineTuneStage.LoraFile)
            : null;
        string digest = ModelDigest.Of(modelFolder, loraFile);
        using var model = TextToImageModel.Load(modelFolder);
        using var lora = loraFile is null ? null : AttachRefinedLora(model, loraFile);
        model.Unet.eval();
        model.TextEncoder.eval();
        context.Log.Info(string.Create(CultureInfo.InvariantCulture,
            $"{jobs.Count} candidates for {jobs.Select(j => j.Subgroup).Distinct().Count()} subgroups; model {digest[..12]}{(loraFile is null ? "" : " with refine's LoRA")}"));
        if (loraFile is not null
            && RefineSamplerNote.Describe(RefineSettings.Read(context.Spec.GetStage(StageCatalog.Refine).Settings, spec.Seed).Policy, settings.Sampling) is { } note)
        {
            context.Log.Info(note);
        }

        var rgb = new Dictionary<SampleJob, byte[]>();
        using (var task = context.Progress.Start("sampling", jobs.Count))
        {
            foreach (var batch in jobs.Chunk(settings.BatchSize))
            {
                context.Cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var images = SeededImageSampler.Generate(model, batch.Select(j => j.Prompt).ToList(), batch.Select(j => j.Seed).ToList(), height, width, settings.Sampling, lora);
                var pixels = ImageBatch.ToRgb(images);
                for (int i = 0; i < batch.Length; i++)
                {
                    rgb[batch[i]] = pixels[i];
                    File.WriteAllBytes(context.Output(batch[i].FileName.Split('/')), new RgbImage(width, height, pixels[i]).ToPng());
                }
                task.Increment(batch.Length);
            }
        }

        File.WriteAllText(context.Output(SamplesCsvFile), SamplesCsv.Render(jobs, digest, settings.Sampling.GuidanceScale, settings.Sampling.Steps, settings.Sampling.Eta));
        if (jobs.Count > 0)
        {
            var grid = new ImageGrid($"candidates per subgroup ({settings.Sampling.Steps} DDIM steps, guidance {settings.Sampling.GuidanceScale}, eta {settings.Sampling.Eta})") { LabelWidth = 160 };
            foreach (var group in jobs.GroupBy(j => j.Subgroup))
            {
                grid.Add(new ImageGridRow(group.Key, group.Take(GridColumns).Select(j => new RgbImage(width, height, rgb[j])).ToList()));
            }
            File.WriteAllBytes(context.Output(GridFile), grid.ToPng());
        }

        var counts = new JsonObject();
        foreach (var group in jobs.GroupBy(j => j.Subgroup))
        {
            counts[group.Key] = group.Count();
        }
        return StageSummary.Of($"{jobs.Count} candidates in {counts.Count} subgroups", new JsonObject { ["candidates"] = jobs.Count, ["per_subgroup"] = counts, ["model_digest"] = digest });
    }

    /// <summary>
    /// Refine's adapters attached to the UNet as Sample draws with them (also the RL comparison's sampler): merged
    /// into the weights, unless they are timestep-gated; sample through <see cref="LoraNetwork.Gated"/>.
    /// </summary>
    internal static LoraNetwork AttachRefinedLora(TextToImageModel model, string file)
    {
        if (!File.Exists(file))
        {
            throw new ToolchainError($"{file}: refine's LoRA adapters are missing; rerun refine", exitCode: 1);
        }
        var lora = LoraNetwork.AttachSaved(model.Unet, file);
        if (lora.Config.MinTimestep is null)
        {
            lora.Merge();
        }
        return lora;
    }

    private static (int Width, int Height) ImageSize(CanonicalDataset dataset)
    {
        var first = dataset.Records.FirstOrDefault() ?? throw new ToolchainError($"{dataset.Folder}: the prepared dataset is empty", exitCode: 1);
        using var image = new ImageDecoder().Decode(dataset.PathOf(first.FileName));
        return (image.Width, image.Height);
    }
}
