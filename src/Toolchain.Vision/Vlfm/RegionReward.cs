using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>
/// Region-level reward: for an attribute phrase (its own token ids), how well the best-matching image region
/// shows it, i.e. the maximum over feature-map patches of cosine(patch embedding, phrase embedding).
/// </summary>
public sealed class RegionReward
{
    private readonly DualEncoder model;

    public RegionReward(DualEncoder model)
    {
        this.model = model;
    }

    /// <summary>Cosine of every patch with every phrase: (N, P, h, w) for N images and P phrases ((P, L) ids).</summary>
    public Tensor SimilarityMaps(Tensor images, Tensor phraseIds, int batchSize = 64)
    {
        using var scope = NewDisposeScope();
        var patches = model.PatchEmbeddings(images, batchSize); // (N, h, w, E)
        var phrases = model.TextEmbeddings(phraseIds);          // (P, E)
        return patches.matmul(phrases.t()).permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Each patch's share of the image-phrase cosine, (N, P, h, w): their mean over patches is the global
    /// cosine (a class-activation-style map, an alternative view to <see cref="SimilarityMaps"/>).
    /// </summary>
    public Tensor ContributionMaps(Tensor images, Tensor phraseIds, int batchSize = 64)
    {
        using var scope = NewDisposeScope();
        var patches = model.PatchContributions(images, batchSize);
        var phrases = model.TextEmbeddings(phraseIds);
        return patches.matmul(phrases.t()).permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Per image and phrase, the best patch's cosine: one float[P] per image.</summary>
    public float[][] Scores(Tensor images, Tensor phraseIds, int batchSize = 64)
    {
        using var scope = NewDisposeScope();
        var maps = SimilarityMaps(images, phraseIds, batchSize);
        var best = maps.flatten(2).amax(new long[] { 2 });
        long n = best.shape[0], p = best.shape[1];
        var flat = best.cpu().data<float>().ToArray();
        return Enumerable.Range(0, (int)n).Select(i => flat.AsSpan(i * (int)p, (int)p).ToArray()).ToArray();
    }
}
