using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Training;
using Toolchain.Evaluation.Plots;
using Toolchain.Vision;
using static TorchSharp.torch;

namespace Toolchain.Stages.FineTune;

/// <summary>A grid of samples, one row per prompt, each image from its own seed derived from (seed, "grid", row, column).</summary>
public static class SampleGrid
{
    public static byte[] Render(TextToImageModel model, IReadOnlyList<string> prompts, int columns, long seed, int width, int height, SamplingSettings sampling)
    {
        model.Unet.eval();
        model.TextEncoder.eval();
        var grid = new ImageGrid($"{sampling.Steps} DDIM steps, guidance {sampling.GuidanceScale}") { LabelWidth = 520 };
        for (int row = 0; row < prompts.Count; row++)
        {
            var rowPrompts = Enumerable.Repeat(prompts[row], columns).ToList();
            var seeds = Enumerable.Range(0, columns).Select(c => SeedDerivation.Derive(seed, "grid", row, c)).ToList();
            using var scope = NewDisposeScope();
            var images = SeededImageSampler.Generate(model, rowPrompts, seeds, height, width, sampling);
            var rgb = ImageBatch.ToRgb(images);
            grid.Add(new ImageGridRow(prompts[row], rgb.Select(p => new RgbImage(width, height, p)).ToList()));
        }
        return grid.ToPng();
    }
}
