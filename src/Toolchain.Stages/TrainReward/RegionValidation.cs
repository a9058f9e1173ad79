using System.Text.Json.Nodes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;
using Toolchain.Stages.Rewards;
using Toolchain.Vision.Vlfm;
using static TorchSharp.torch;

namespace Toolchain.Stages.TrainReward;

/// <summary>
/// Checks that the region reward looks in the right place, on a split whose artifacts have ground-truth masks
/// (the procedural data): per artifact, the pointing game over the images showing it, i.e. the share whose
/// best-matching patch for the artifact's phrase lies inside the artifact's mask.
/// </summary>
public static class RegionValidation
{
    public static JsonObject PointingGame(DualEncoderModel model, PromptTemplate template, CanonicalDataset dataset, SplitImages split)
    {
        var reward = new RegionReward(model.Encoder);
        var perArtifact = new JsonObject();
        var rates = new List<double>();
        foreach (var artifact in template.Artifacts)
        {
            var rows = Enumerable.Range(0, split.Records.Count).Where(i => split.Records[i].Masks.Get(artifact.Label) is not null).ToArray();
            if (rows.Length == 0)
            {
                perArtifact[artifact.Label] = new JsonObject { ["phrase"] = artifact.Phrase, ["images"] = 0, ["pointing_accuracy"] = null };
                continue;
            }
            using var scope = NewDisposeScope();
            var images = split.Images.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));
            var maps = reward.SimilarityMaps(images, model.TokenIds([artifact.Phrase])).select(1, 0); // (N, h, w)
            var masks = LoadMasks(rows.Select(r => dataset.PathOf(split.Records[r].Masks.Get(artifact.Label)!)).ToArray());
            double rate = Vision.Vlfm.PointingGame.HitRate(maps, masks);
            rates.Add(rate);
            perArtifact[artifact.Label] = new JsonObject
            {
                ["phrase"] = artifact.Phrase,
                ["images"] = rows.Length,
                ["pointing_accuracy"] = DualEncoderTraining.Round(rate),
            };
        }
        return new JsonObject
        {
            ["split"] = split.Split,
            ["rule"] = "hit when the patch most similar to the artifact's phrase overlaps the artifact's mask",
            ["artifacts"] = perArtifact,
            ["mean_pointing_accuracy"] = rates.Count == 0 ? null : DualEncoderTraining.Round(rates.Average()),
        };
    }

    /// <summary>(N, H, W) boolean masks from 8-bit grey PNGs (a pixel above mid-grey is inside).</summary>
    private static Tensor LoadMasks(IReadOnlyList<string> paths)
    {
        int width = 0, height = 0;
        var data = new List<byte>();
        foreach (var path in paths)
        {
            using var mask = Image.Load<L8>(path);
            (width, height) = (mask.Width, mask.Height);
            var pixels = new byte[width * height];
            mask.CopyPixelDataTo(pixels);
            data.AddRange(pixels);
        }
        using var raw = tensor(data.ToArray(), new long[] { paths.Count, height, width });
        return raw.gt(127);
    }
}
