using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;
using Toolchain.Evaluation.Plots;
using Toolchain.Stages.Evaluate;

namespace Toolchain.Stages.Tests.Evaluate;

/// <summary>
/// Stand-ins for the text-to-image models: they return real train images, so the metrics have something
/// plausible to measure. "faithful" returns an image its prompt describes; "noisy" returns any train image with
/// seeded noise added. Both are deterministic functions of (prompt, seed).
/// </summary>
internal sealed class FabricatedSampler(CanonicalDataset dataset, string folder, PromptTemplate template, bool faithful) : IPromptSampler
{
    private readonly List<CanonicalRecord> train = dataset.Records.Where(r => r.Split == SplitNames.Train).ToList();

    public IReadOnlyList<RgbImage> Sample(IReadOnlyList<string> prompts, IReadOnlyList<long> seeds) => prompts.Select((prompt, i) =>
    {
        var candidates = faithful ? train.Where(r => template.TryRender(r, out _) == prompt).ToList() : train;
        if (candidates.Count == 0)
        {
            candidates = train;
        }
        var random = new Toolchain.Core.DeterministicRandom((ulong)seeds[i]);
        var image = RgbFiles.Read(Path.Combine(folder, candidates[random.NextInt(candidates.Count)].FileName));
        var pixels = (byte[])image.Pixels.Clone();
        if (!faithful)
        {
            for (int p = 0; p < pixels.Length; p++)
            {
                pixels[p] = (byte)Math.Clamp(pixels[p] + random.NextInt(61) - 30, 0, 255);
            }
        }
        return new RgbImage(image.Width, image.Height, pixels);
    }).ToList();
}
