using SixLabors.ImageSharp;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Imaging;
using Toolchain.Data.Prompts;

namespace Toolchain.Stages.FineTune;

/// <summary>
/// The (image, prompt) pairs of Prepare's train split: RGB pixels in memory and the template's prompt for
/// each record. Records the template cannot describe (an artifact not annotated, no site for {site}, ...)
/// are skipped and counted, never given a made-up prompt.
/// </summary>
public sealed class TrainingExamples
{
    private TrainingExamples(IReadOnlyList<byte[]> pixels, IReadOnlyList<string> prompts, int width, int height, int skipped)
    {
        Pixels = pixels;
        Prompts = prompts;
        Width = width;
        Height = height;
        Skipped = skipped;
    }

    /// <summary>Interleaved RGB bytes per example.</summary>
    public IReadOnlyList<byte[]> Pixels { get; }

    public IReadOnlyList<string> Prompts { get; }

    public int Width { get; }

    public int Height { get; }

    public int Count => Pixels.Count;

    /// <summary>Train records without a prompt.</summary>
    public int Skipped { get; }

    public static TrainingExamples Load(CanonicalDataset dataset, PromptTemplate template)
    {
        var decoder = new ImageDecoder();
        var pixels = new List<byte[]>();
        var prompts = new List<string>();
        int width = 0, height = 0, skipped = 0;
        foreach (var record in dataset.InSplit(SplitNames.Train))
        {
            var prompt = template.TryRender(record, out _);
            if (prompt is null)
            {
                skipped++;
                continue;
            }
            using var image = decoder.Decode(dataset.PathOf(record.FileName));
            if (pixels.Count == 0)
            {
                (width, height) = (image.Width, image.Height);
            }
            else if (image.Width != width || image.Height != height)
            {
                throw new ToolchainError($"{record.FileName}: {image.Width}x{image.Height}, but the first training image is {width}x{height}; Prepare writes every image at one resolution", exitCode: 1);
            }
            var bytes = new byte[image.Width * image.Height * 3];
            image.CopyPixelDataTo(bytes);
            pixels.Add(bytes);
            prompts.Add(prompt);
        }
        if (pixels.Count == 0)
        {
            throw new ToolchainError($"{dataset.Folder}: no train image has a prompt under template '{template.Name}' ({skipped} skipped); nothing to fine-tune on", exitCode: 2);
        }
        return new TrainingExamples(pixels, prompts, width, height, skipped);
    }

    /// <summary>The most frequent prompts (ties in ordinal order): what the sample grid shows.</summary>
    public IReadOnlyList<string> CommonPrompts(int count) =>
        Prompts.GroupBy(p => p, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(count).Select(g => g.Key).ToList();
}
