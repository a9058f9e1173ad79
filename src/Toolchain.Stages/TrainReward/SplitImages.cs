using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Stages.Rewards;
using static TorchSharp.torch;

namespace Toolchain.Stages.TrainReward;

/// <summary>The records of one split (in id order) and their images as an (N, 3, H, W) tensor in [-1, 1].</summary>
public sealed class SplitImages : IDisposable
{
    private SplitImages(string split, IReadOnlyList<CanonicalRecord> records, Tensor images)
    {
        Split = split;
        Records = records;
        Images = images;
    }

    public string Split { get; }

    public IReadOnlyList<CanonicalRecord> Records { get; }

    public Tensor Images { get; }

    public IReadOnlyList<string> Ids => Records.Select(r => r.Id).ToArray();

    /// <summary>Loads a split; <paramref name="minimum"/> images are needed (a model cannot train or be scored on fewer).</summary>
    public static SplitImages Load(CanonicalDataset dataset, string split, int minimum, string purpose)
    {
        var records = dataset.InSplit(split).ToList();
        if (records.Count < minimum)
        {
            throw new ToolchainError($"the {split} split has {records.Count} images; {purpose} needs at least {minimum} (adjust data.splits)");
        }
        return new SplitImages(split, records, ImageFiles.Load(records.Select(r => dataset.PathOf(r.FileName)).ToArray()));
    }

    public void Dispose() => Images.Dispose();
}
