using System.Diagnostics;
using Toolchain.Vision.Networks;
using Toolchain.Vision.Training;
using Toolchain.Vision.Vlfm;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Vision.Tests;

public class DualEncoderTests(ITestOutputHelper output)
{
    private static DualEncoderConfig SmallConfig(bool causal = true, double regionWeight = 0.5) => new(
        new BackboneConfig(BackboneKind.SmallCnn, Width: 8, Stages: 2, Norm: NormKind.BatchNorm),
        EmbedDim: 32, VocabSize: ConceptImages.Vocab, ContextLength: ConceptImages.Context, TextWidth: 32, TextLayers: 1, TextHeads: 2, CausalAttention: causal, RegionLossWeight: regionWeight);

    [Fact]
    public void FreshParametersAreFiniteWithClipLogitScale()
    {
        using var model = new DualEncoder(DualEncoderConfig.Create(), new Generator(1));
        Assert.Empty(StateDicts.NonFinite(model));
        Assert.Equal(1 / 0.07, model.LogitScale, 4);
        var weights = model.StateDict();
        Assert.Equal(new long[] { 49408, 64 }, weights["text_encoder.token_embedding.weight"].shape);
        Assert.InRange(weights["text_encoder.token_embedding.weight"].std().item<float>(), 0.019, 0.021);
        Assert.InRange(weights["text_encoder.positional_embedding"].std().item<float>(), 0.008, 0.012);
        Assert.True(weights["text_encoder.layers.0.ln_1.weight"].eq(1).all().item<bool>());
        Assert.True(weights["image_encoder.backbone.stem.norm.bias"].eq(0).all().item<bool>());
        Assert.Contains("text_encoder.layers.1.self_attn.q_proj.weight", weights.Keys);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TextEmbeddingPoolsAtTheEndTokenAndIgnoresPadding(bool causal)
    {
        using var model = new DualEncoder(SmallConfig(causal), new Generator(2));
        using var ids = tensor(new long[] { 1, 3, 4, 15, 0, 0, 0, 0, 1, 3, 4, 15, 7, 9, 15, 2 }, new long[] { 2, 8 });
        using var shorter = tensor(new long[] { 1, 3, 4, 15 }, new long[] { 1, 4 });
        using var embeddings = model.TextEmbeddings(ids);
        using var alone = model.TextEmbeddings(shorter);
        Assert.True(allclose(embeddings[0], embeddings[1], rtol: 1e-5, atol: 1e-6), "tokens after the end token changed the embedding");
        Assert.True(allclose(embeddings[0], alone[0], rtol: 1e-5, atol: 1e-6), "padding length changed the embedding");
        Assert.Equal(1.0, embeddings.norm(1)[0].item<float>(), 5);
        using var outOfVocab = tensor(new long[] { 1, 16 }, new long[] { 1, 2 });
        Assert.Throws<Toolchain.Core.ToolchainError>(() => model.TextEmbeddings(outOfVocab));
    }

    [Fact]
    public void LearnsThreeConceptsAndLocatesThem()
    {
        var clock = Stopwatch.StartNew();
        var (images, ids, _, _) = ConceptImages.Single(256, 64, seed: 1);
        var (testImages, _, testConcepts, testMasks) = ConceptImages.Single(128, 64, seed: 2);
        var (pairs, squareMasks, circleMasks) = ConceptImages.Both(64, 64, seed: 3);
        using (images)
        using (ids)
        using (testImages)
        using (testMasks)
        using (pairs)
        using (squareMasks)
        using (circleMasks)
        using (var phrases = ConceptImages.Phrases())
        using (var model = new DualEncoder(SmallConfig(), new Generator(4)))
        {
            var history = DualEncoderTrainer.Train(model, images, ids, new TrainingOptions(Epochs: 10, BatchSize: 16, LearningRate: 3e-3, Seed: 5));
            output.WriteLine($"trained in {clock.Elapsed.TotalSeconds:F1}s; losses {string.Join(" ", history.Select(h => h.MeanLoss.ToString("F3")))}; scale {model.LogitScale:F2}");

            // Retrieval: each held-out image picks the right one of the three phrases.
            var region = new RegionReward(model);
            using var imageEmbeddings = model.ImageEmbeddings(testImages);
            using var phraseEmbeddings = model.TextEmbeddings(phrases);
            using var choice = imageEmbeddings.matmul(phraseEmbeddings.t()).argmax(1);
            var picked = choice.data<long>().ToArray();
            double retrieval = picked.Zip(testConcepts).Count(p => p.First == p.Second) / (double)picked.Length;

            // The VLFM reward is higher for the matching prompt than for the other one.
            var promptIds = stack(testConcepts.Select(c => phrases[c]).ToArray());
            var otherIds = stack(testConcepts.Select(c => phrases[(c + 1) % 3]).ToArray());
            var reward = new VlfmReward(model);
            var matching = reward.Score(testImages, promptIds);
            var mismatching = reward.Score(testImages, otherIds);
            double clipMatching = ClipScore.FromCosines(matching), clipMismatching = ClipScore.FromCosines(mismatching);

            // Region maps on images holding both objects: each phrase's best patch lies on its own object.
            using var maps = region.SimilarityMaps(pairs, phrases);
            double squareHits = PointingGame.HitRate(maps.select(1, 0), squareMasks);
            double circleHits = PointingGame.HitRate(maps.select(1, 1), circleMasks);
            var scores = region.Scores(pairs, phrases);
            using var contributions = region.ContributionMaps(pairs, phrases);
            double squareShare = PointingGame.HitRate(contributions.select(1, 0), squareMasks);
            double circleShare = PointingGame.HitRate(contributions.select(1, 1), circleMasks);
            output.WriteLine($"contribution-map pointing square {squareShare:F3} circle {circleShare:F3}");
            output.WriteLine($"retrieval {retrieval:F3}; CLIP score matching {clipMatching:F1} vs mismatching {clipMismatching:F1}; pointing square {squareHits:F3} circle {circleHits:F3}; total {clock.Elapsed.TotalSeconds:F1}s");

            Assert.True(retrieval > 0.9, $"retrieval accuracy {retrieval}");
            Assert.True(clipMatching > clipMismatching + 10, $"CLIP score {clipMatching} vs {clipMismatching}");
            Assert.True(squareHits > 0.8, $"red-square pointing game {squareHits}");
            Assert.True(circleHits > 0.8, $"blue-circle pointing game {circleHits}");
            Assert.True(squareShare > 0.8 && circleShare > 0.8, $"contribution maps point at {squareShare} / {circleShare}");
            Assert.Equal(new long[] { 64, 3, 16, 16 }, maps.shape);
            using var meanContribution = contributions.mean(new long[] { 2, 3 });
            using var pairEmbeddings = model.ImageEmbeddings(pairs).matmul(model.TextEmbeddings(phrases).t());
            Assert.True(allclose(meanContribution, pairEmbeddings, rtol: 1e-4, atol: 1e-5), "contributions must average to the global cosine");
            Assert.Equal(maps[0, 1].max().item<float>(), scores[0][1]);
        }
    }
}
