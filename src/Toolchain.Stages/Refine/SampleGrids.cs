using Toolchain.Diffusion.Runtime;
using Toolchain.Evaluation.Plots;
using Toolchain.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.Refine;

/// <summary>
/// Before/after sample grids: a few prompts spread over the prompt list, the same seeds each time, so the
/// two grids differ only by the adapters (the "before" grid samples with them disabled).
/// </summary>
public static class SampleGrids
{
    public const string BeforeFile = "grids/before.png";
    public const string AfterFile = "grids/after.png";
    public const int Rows = 4;
    public const int Columns = 4;

    /// <param name="prompts">The refine prompt list.</param>
    /// <param name="draw">Final images in [-1, 1] (B, 3, H, W) for prompt indices, drawing noise from the generator (refine's sampler).</param>
    public static byte[] Render(IReadOnlyList<string> prompts, Func<int[], Generator, Tensor> draw, ulong seed, string title)
    {
        var grid = new ImageGrid(title);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = ComputeDevice.Generator(seed);
        foreach (int prompt in PromptIndices(prompts.Count))
        {
            var final = draw(Enumerable.Repeat(prompt, Columns).ToArray(), generator);
            int height = (int)final.shape[2];
            int width = (int)final.shape[3];
            var images = ImageBatch.ToRgb(final).Select(pixels => new RgbImage(width, height, pixels)).ToArray();
            grid.Add(new ImageGridRow(prompts[prompt], images));
        }
        return grid.ToPng();
    }

    /// <summary>Up to <see cref="Rows"/> prompt indices evenly spaced over the list (first and last included).</summary>
    public static int[] PromptIndices(int count) =>
        count <= Rows
            ? Enumerable.Range(0, count).ToArray()
            : Enumerable.Range(0, Rows).Select(i => (int)Math.Round(i * (count - 1) / (double)(Rows - 1), MidpointRounding.AwayFromZero)).ToArray();
}
