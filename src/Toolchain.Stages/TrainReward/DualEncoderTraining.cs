using Toolchain.Diffusion.Runtime;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Running;
using Toolchain.Vision.Networks;
using Toolchain.Vision.Training;
using Toolchain.Vision.Vlfm;
using static TorchSharp.torch;

namespace Toolchain.Stages.TrainReward;

/// <summary>
/// Trains a CLIP-style dual encoder contrastively on (train image, its prompt) pairs, token ids from the CLIP
/// tokenizer, and saves it with that tokenizer. The VLFM reward trains the pooled embedding only (CLIP's loss);
/// the region reward also trains the best patch of every image against its caption, so patches learn to match phrases.
/// </summary>
public static class DualEncoderTraining
{
    /// <summary>Share of the contrastive loss on region logits for the region reward (Vision measured 100% pointing at 0.5).</summary>
    public const double RegionLossWeight = 0.5;

    public static DualEncoderModel Run(string what, DualEncoderSettings settings, double regionLossWeight, PromptTemplate template,
        SplitImages train, string folder, StageContext context)
    {
        var tokenizer = EmbeddedClipTokenizer.WriteTo(Path.Combine(folder, ModelFiles.TokenizerFolder));
        var (rows, captions) = Captions(template, train.Records);
        if (rows.Length < 2)
        {
            throw new ToolchainError($"the {what} needs at least 2 train images whose prompt is known; {rows.Length} have one");
        }
        var config = new DualEncoderConfig(
            new BackboneConfig(BackboneKind.SmallCnn, settings.Width, Norm: NormKind.BatchNorm),
            EmbedDim: settings.EmbedDim,
            VocabSize: tokenizer.VocabularySize,
            ContextLength: tokenizer.ModelMaxLength,
            RegionLossWeight: regionLossWeight);
        using var generator = ComputeDevice.Generator((ulong)settings.Seed);
        var model = new DualEncoder(config, generator);
        var options = new TrainingOptions(settings.Epochs, settings.BatchSize, settings.LearningRate, Seed: settings.Seed);
        using (var index = tensor(rows.Select(r => (long)r).ToArray()))
        using (var images = train.Images.index_select(0, index))
        using (var ids = tokenizer.EncodeBatch(captions, config.ContextLength))
        using (var task = context.Progress.Start($"training the {what} on {train.Split} ({rows.Length} image/prompt pairs)", settings.Epochs))
        {
            DualEncoderTrainer.Train(model, images, ids, options, epoch =>
            {
                context.Cancellation.ThrowIfCancellationRequested();
                context.Log.Detail(FormattableString.Invariant($"{what} epoch {epoch.Epoch}: loss {epoch.MeanLoss:F4} ({epoch.Seconds:F1} s)"));
                task.Increment();
            });
        }
        model.eval();
        ModelFiles.SaveDualEncoder(folder, model);
        return new DualEncoderModel(model, tokenizer);
    }

    /// <summary>
    /// How well image and prompt embeddings match on a held-out split: CLIP score with the own prompt, and
    /// top-1 retrieval of the own prompt among all distinct prompts of the split.
    /// </summary>
    public static JsonObject Evaluate(DualEncoderModel model, PromptTemplate template, SplitImages split)
    {
        var (rows, captions) = Captions(template, split.Records);
        if (rows.Length == 0)
        {
            throw new ToolchainError($"no {split.Split} image has a known prompt: the dual encoder cannot be scored");
        }
        using var scope = NewDisposeScope();
        var images = split.Images.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));
        var distinct = captions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var imageEmbeddings = model.Encoder.ImageEmbeddings(images);
        var promptEmbeddings = model.Encoder.TextEmbeddings(model.TokenIds(distinct));
        var cosines = imageEmbeddings.matmul(promptEmbeddings.t()); // (N, P)
        var best = cosines.argmax(1).cpu().data<long>().ToArray();
        var flat = cosines.cpu().data<float>().ToArray();
        var own = new float[rows.Length];
        int correct = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            int column = Array.IndexOf(distinct, captions[i]);
            own[i] = flat[i * distinct.Length + column];
            correct += best[i] == column ? 1 : 0;
        }
        return new JsonObject
        {
            ["split"] = split.Split,
            ["images"] = rows.Length,
            ["prompts"] = distinct.Length,
            ["clip_score"] = Round(ClipScore.FromCosines(own)),
            ["mean_cosine"] = Round(own.Average(c => (double)c)),
            ["retrieval_top1"] = Round((double)correct / rows.Length),
        };
    }

    /// <summary>Rows of the records whose prompt the template can render, and those prompts.</summary>
    public static (int[] Rows, string[] Captions) Captions(PromptTemplate template, IReadOnlyList<CanonicalRecord> records)
    {
        var rows = new List<int>();
        var captions = new List<string>();
        for (int i = 0; i < records.Count; i++)
        {
            if (template.TryRender(records[i], out _) is { } prompt)
            {
                rows.Add(i);
                captions.Add(prompt);
            }
        }
        return (rows.ToArray(), captions.ToArray());
    }

    public static double Round(double value) => Math.Round(value, 6, MidpointRounding.ToEven);
}
