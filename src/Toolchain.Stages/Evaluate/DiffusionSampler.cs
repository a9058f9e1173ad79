using System.Globalization;
using Toolchain.Core;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Weights;
using Toolchain.Evaluation.Plots;
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
        using var lora = loraFile is null ? null : AttachLora(model, loraFile);
        model.Unet.eval();
        model.TextEncoder.eval();
        var images = new List<RgbImage>();
        for (int start = 0; start < prompts.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, prompts.Count - start);
            var batch = SeededImageSampler.Generate(model, prompts.Skip(start).Take(count).ToList(),
                seeds.Skip(start).Take(count).Select(s => unchecked((ulong)s)).ToList(), resolution, resolution, settings);
            images.AddRange(ImageBatch.ToRgb(batch).Select(p => new RgbImage(resolution, resolution, p)));
        }
        return images;
    }

    // Same reading of the adapter file as the Sample stage (rank, alpha and targets from its metadata).
    private static LoraNetwork AttachLora(TextToImageModel model, string file)
    {
        if (!File.Exists(file))
        {
            throw new ToolchainError($"{file}: refine's LoRA adapters are missing; rerun refine", exitCode: 1);
        }
        LoraConfig config;
        using (var weights = SafetensorsFile.Open(file))
        {
            string Get(string key) => weights.Metadata.TryGetValue(key, out var value)
                ? value
                : throw new WeightsFormatError($"{file}: metadata has no '{key}'; the adapter's rank, alpha and targets are needed to attach it");
            config = new LoraConfig
            {
                Rank = int.Parse(Get("lora_rank"), CultureInfo.InvariantCulture),
                Alpha = double.Parse(Get("lora_alpha"), CultureInfo.InvariantCulture),
                TargetModules = Get("target_modules").Split(',', StringSplitOptions.RemoveEmptyEntries),
            };
        }
        using var generator = new Generator(0); // construction only; the weights come from the file
        var lora = LoraNetwork.Attach(model.Unet, config, generator);
        lora.Load(file);
        lora.Merge();
        return lora;
    }
}
