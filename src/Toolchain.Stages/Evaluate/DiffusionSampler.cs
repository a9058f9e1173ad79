using Toolchain.Diffusion.Checkpoints;
using Toolchain.Evaluation.Plots;
using Toolchain.Stages.Sample;
using Toolchain.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// FineTune's model (optionally with Refine's LoRA merged in) as an <see cref="IPromptSampler"/>. The model is
/// loaded for one <see cref="Sample"/> call and released after it, so the baseline and refined models are never
/// in memory together.
/// </summary>
public sealed class DiffusionSampler(string modelFolder, string? loraFile, SamplingSettings settings, int batchSize, int resolution) : IPromptSampler
{
    public IReadOnlyList<RgbImage> Sample(IReadOnlyList<string> prompts, IReadOnlyList<long> seeds)
    {
        using var model = TextToImageModel.Load(modelFolder);
        using var lora = loraFile is null ? null : SampleStage.AttachRefinedLora(model, loraFile);
        model.Unet.eval();
        model.TextEncoder.eval();
        var images = new List<RgbImage>();
        for (int start = 0; start < prompts.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, prompts.Count - start);
            var batch = SeededImageSampler.Generate(model, prompts.Skip(start).Take(count).ToList(),
                seeds.Skip(start).Take(count).Select(s => unchecked((ulong)s)).ToList(), resolution, resolution, settings, lora);
            images.AddRange(ImageBatch.ToRgb(batch).Select(p => new RgbImage(resolution, resolution, p)));
        }
        return images;
    }
}
