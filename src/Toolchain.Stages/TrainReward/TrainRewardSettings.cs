using System.Text.Json.Nodes;
using Toolchain.Vision.Networks;
using Toolchain.Vision.Training;

namespace Toolchain.Stages.TrainReward;

/// <summary>One supervised classifier's settings (the reward classifier or the judge), seed already offset.</summary>
public sealed record ClassifierSettings(BackboneKind Backbone, int Epochs, int Width, int BatchSize, double LearningRate, double Threshold, HeadWeighting Weighting, long Seed);

/// <summary>A dual encoder's settings (VLFM or region reward), seed already offset.</summary>
public sealed record DualEncoderSettings(bool Enabled, int Epochs, int Width, int EmbedDim, int BatchSize, double LearningRate, long Seed);

/// <summary>train_reward's resolved settings (every default applied by the schema).</summary>
public sealed record TrainRewardSettings(
    ClassifierSettings Classifier,
    ClassifierSettings Judge,
    DualEncoderSettings Vlfm,
    string? VlfmFrom,
    DualEncoderSettings Region)
{
    public static TrainRewardSettings From(JsonObject settings, int datasetSeed, string? vlfmFrom)
    {
        var classifier = Section(settings, "classifier");
        var judge = Section(settings, "judge");
        var vlfm = Section(settings, "vlfm");
        var region = Section(settings, "region");
        var classifierSettings = ClassifierFrom(classifier, datasetSeed, Int(classifier, "batch_size"), Double(classifier, "threshold"));
        // The dual encoders share the classifier's optimiser settings; their architecture differs.
        DualEncoderSettings Dual(JsonObject section, int width, int embedDim) => new(
            Bool(section, "enabled"), Int(section, "epochs"), width, embedDim,
            classifierSettings.BatchSize, classifierSettings.LearningRate, datasetSeed + (long)Int(section, "seed_offset"));
        var vlfmSettings = Dual(vlfm, Int(vlfm, "width"), Int(vlfm, "embed_dim"));
        return new TrainRewardSettings(
            classifierSettings,
            ClassifierFrom(judge, datasetSeed, Int(judge, "batch_size"), Double(judge, "threshold")),
            vlfmSettings,
            vlfmFrom,
            Dual(region, vlfmSettings.Width, vlfmSettings.EmbedDim));
    }

    private static ClassifierSettings ClassifierFrom(JsonObject section, int datasetSeed, int batchSize, double threshold) => new(
        Backbone(section["backbone"]!.GetValue<string>()),
        Int(section, "epochs"),
        Int(section, "width"),
        batchSize,
        Double(section, "learning_rate"),
        threshold,
        Weighting(section["head_weighting"]!.GetValue<string>()),
        datasetSeed + (long)Int(section, "seed_offset"));

    /// <summary>The spec names the weightings in lower case (<c>balanced</c>, <c>none</c>); <see cref="WeightingName"/> writes them back.</summary>
    public static HeadWeighting Weighting(string name)
    {
        foreach (var weighting in Enum.GetValues<HeadWeighting>())
        {
            if (WeightingName(weighting) == name)
            {
                return weighting;
            }
        }
        throw new Core.ToolchainError($"train_reward: unknown head_weighting '{name}' ({string.Join(", ", Enum.GetValues<HeadWeighting>().Select(WeightingName))})", 2);
    }

    public static string WeightingName(HeadWeighting weighting) => weighting.ToString().ToLowerInvariant();

    public static BackboneKind Backbone(string name) => name switch
    {
        "small-cnn" => BackboneKind.SmallCnn,
        "resnet-tiny" => BackboneKind.TinyResNet,
        _ => throw new Core.ToolchainError($"train_reward: unknown backbone '{name}' (small-cnn, resnet-tiny)", 2),
    };

    private static JsonObject Section(JsonObject settings, string key) =>
        settings[key] as JsonObject ?? throw new InvalidOperationException($"train_reward settings have no '{key}' section; the schema should have supplied it");

    private static int Int(JsonObject section, string key) => section[key]!.GetValue<int>();

    private static double Double(JsonObject section, string key) => section[key]!.GetValue<double>();

    private static bool Bool(JsonObject section, string key) => section[key]!.GetValue<bool>();
}
