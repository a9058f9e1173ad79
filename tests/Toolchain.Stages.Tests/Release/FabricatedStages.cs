using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Data.Imaging;
using Toolchain.Pipeline.Hashing;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Running;
using CanonicalJson = Toolchain.Pipeline.Hashing.CanonicalJson;

namespace Toolchain.Stages.Tests.Release;

/// <summary>
/// Stand-ins for the stages between prepare and release (implemented in other branches): each
/// writes the files docs/stage-outputs.md promises, derived only from its settings and inputs, so
/// the real runner, cache, release and audit can be tested end to end. A setting change changes
/// the outputs, as it would in the real stage.
/// </summary>
public static class FabricatedStages
{
    /// <summary>Real prepare and release, fabricated everything else; <paramref name="replace"/> swaps in other fakes.</summary>
    public static StageRegistry Registry(params IStage[] replace)
    {
        IStage[] stages =
        [
            new Toolchain.Stages.Prepare.PrepareStage(),
            new Fake(StageCatalog.Finetune, WriteFinetune),
            new Fake(StageCatalog.TrainReward, c => WriteJson(c, "report.json", Echo(c))),
            new Fake(StageCatalog.Refine, c => WriteText(c, "rewards.csv", "epoch,reward_mean\n0,0.5\n1,0.7\n")),
            new Fake(StageCatalog.Sample, c => WriteText(c, "samples.csv", "file_name,subgroup\n")),
            new Fake(StageCatalog.Filter, WriteFilter),
            new Fake(StageCatalog.Evaluate, WriteEvaluate),
            new Fake(StageCatalog.Retrain, WriteRetrain),
            new Toolchain.Stages.Release.ReleaseStage(),
        ];
        return new StageRegistry(stages.Where(s => replace.All(r => r.Name != s.Name)).Concat(replace));
    }

    public sealed class Fake(string name, Action<StageContext> write) : IStage
    {
        public string Name => name;

        public StageSummary Run(StageContext context)
        {
            write(context);
            return StageSummary.Of($"fabricated {name}");
        }
    }

    private static void WriteFinetune(StageContext context) =>
        WriteJson(context, "model/model_index.json", Echo(context));

    private static void WriteFilter(StageContext context)
    {
        var digest = Sha256Hex.OfFile(Path.Combine(context.Input(StageCatalog.Sample), "samples.csv"));
        var finetune = Sha256Hex.OfFile(Path.Combine(context.Input(StageCatalog.TrainReward), "report.json"));
        var labels = context.Spec.Dataset.Labels;
        var rows = new StringBuilder($"file_name,{string.Join(",", labels)},subgroup,prompt,seed,reward,model_digest\n");
        var decisions = new StringBuilder("file_name,decision,reason\n");
        foreach (var quota in context.Spec.Dataset.Quotas)
        {
            for (var n = 0; n < (int)quota.Rule.Amount; n++)
            {
                var file = $"images/{quota.Subgroup}/{n}.png";
                var seed = 1000 + n;
                WritePng(context.Output("dataset", file), $"{quota.Subgroup}/{n}/{finetune}");
                // The labels a subgroup named "mel-ink" asks for: MEL and ink.
                var flags = labels.Select(l => quota.Subgroup.Split('-').Contains(l.ToLowerInvariant()) ? "1" : "0");
                rows.Append(CultureInfo.InvariantCulture, $"{file},{string.Join(",", flags)},{quota.Subgroup},\"a dermoscopy image of {quota.Subgroup}, close-up\",{seed},0.{90 + n % 10},{digest}\n");
                decisions.Append(CultureInfo.InvariantCulture, $"{file},accepted,above threshold\n");
            }
        }
        WriteText(context, "dataset/metadata.csv", rows.ToString());
        WriteText(context, "decisions.csv", decisions.ToString());
    }

    private static void WriteEvaluate(StageContext context)
    {
        WriteJson(context, "metrics.json", new JsonObject
        {
            ["definitions"] = new JsonObject { ["apr"] = "attribute presence rate" },
            ["baseline"] = new JsonObject { ["apr"] = 0.41 },
            ["refined"] = new JsonObject { ["apr"] = 0.63, ["fid"] = 81.5 },
        });
        WriteText(context, "report.html", "<!doctype html><title>report</title><p>fabricated</p>\n");
    }

    /// <summary>Retrain's study and, since the pipeline ran Evaluate, the final report that supersedes Evaluate's.</summary>
    private static void WriteRetrain(StageContext context)
    {
        WriteJson(context, "downstream.json", new JsonObject { ["difference"] = new JsonObject { ["mean"] = 0.012, ["ci"] = new JsonArray(-0.01, 0.03) }, ["verdict"] = "no significant difference" });
        WriteText(context, "report.html", "<!doctype html><title>report</title><p>fabricated final report with the downstream study</p>\n");
    }

    /// <summary>The stage's settings and inputs, so outputs change whenever they do.</summary>
    private static JsonObject Echo(StageContext context)
    {
        var inputs = new JsonObject();
        foreach (var (stage, folder) in context.InputDirectories.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            inputs[stage] = Pipeline.Manifests.Manifest.Create(folder).Digest;
        }
        return new JsonObject { ["settings"] = context.Settings.DeepClone(), ["inputs"] = inputs };
    }

    private static void WritePng(string path, string seedText)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seedText));
        using var image = new Image<Rgb24>(8, 8);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                image[x, y] = new Rgb24(bytes[(x + y) % 32], bytes[(x * 3 + y) % 32], bytes[(x + y * 5) % 32]);
            }
        }
        File.WriteAllBytes(path, PngFiles.Encode(image));
    }

    private static void WriteJson(StageContext context, string relative, JsonObject json) =>
        WriteText(context, relative, CanonicalJson.SerializeIndented(json) + "\n");

    private static void WriteText(StageContext context, string relative, string text) =>
        File.WriteAllText(context.Output(relative.Split('/')), text, new UTF8Encoding(false));
}
