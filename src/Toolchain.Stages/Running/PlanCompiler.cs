using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Core.Files;
using Toolchain.Diffusion.Runtime;
using Toolchain.Pipeline.Manifests;
using Toolchain.Pipeline.Status;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;

namespace Toolchain.Stages.Running;

/// <summary>
/// Turns a resolved spec into the cache's plan: per stage, the settings that enter its key (its
/// own pipeline settings plus only the parts of the dataset spec it reads, so that changing a
/// quota does not rerun Prepare), its inputs (upstream stages and hashed external files), its
/// seeds and the environment.
/// </summary>
public static class PlanCompiler
{
    /// <summary>The dataset-spec sections each stage reads.</summary>
    private static readonly IReadOnlyDictionary<string, string[]> DatasetSections = new Dictionary<string, string[]>
    {
        [StageCatalog.Prepare] = ["data", "labels", "prompts"],
        [StageCatalog.Finetune] = ["labels", "prompts"],
        [StageCatalog.TrainReward] = ["labels", "prompts"],
        [StageCatalog.Refine] = ["labels", "prompts"],
        [StageCatalog.Sample] = ["labels", "prompts", "subgroups", "rare", "quotas"],
        [StageCatalog.Filter] = ["labels", "subgroups", "rare", "quotas"],
        [StageCatalog.Evaluate] = ["labels", "prompts", "subgroups", "rare"],
        [StageCatalog.Retrain] = ["labels", "subgroups", "rare", "quotas"],
        [StageCatalog.Release] = ["name", "description", "labels", "prompts", "subgroups", "rare", "quotas", "release"],
    };

    public static IReadOnlyList<PlannedStage> Compile(ResolvedSpec spec, EngineEnvironment environment)
    {
        var envJson = new JsonObject();
        foreach (var (key, value) in environment.ToDictionary())
        {
            envJson[key] = value;
        }
        var seeds = new JsonObject { ["seed"] = spec.Dataset.Seed };

        var plan = new List<PlannedStage>();
        foreach (var stage in spec.Stages)
        {
            var settings = new JsonObject
            {
                ["stage"] = stage.Settings.DeepClone(),
                ["dataset"] = DatasetPart(spec, stage.Name),
            };
            var inputs = new Dictionary<string, StageInput>(StringComparer.Ordinal);
            foreach (var upstream in stage.DependsOn)
            {
                inputs[upstream] = StageInput.OutputOf(upstream);
            }
            foreach (var (name, path) in ExternalInputs(spec, stage))
            {
                inputs[name] = StageInput.OfDigest(DigestOf(path, name));
            }
            plan.Add(new PlannedStage(stage.Name, stage.Version, settings, inputs, (JsonObject)seeds.DeepClone(), (JsonObject)envJson.DeepClone()));
        }
        return plan;
    }

    private static JsonObject DatasetPart(ResolvedSpec spec, string stage)
    {
        var part = new JsonObject();
        foreach (var section in DatasetSections.GetValueOrDefault(stage, []))
        {
            if (spec.DatasetSettings[section] is { } node)
            {
                part[section] = node.DeepClone();
            }
        }
        return part;
    }

    /// <summary>Files and folders outside the cache that a stage reads: their content enters its key.</summary>
    private static IEnumerable<(string Name, string Path)> ExternalInputs(ResolvedSpec spec, ResolvedStage stage)
    {
        if (stage.Name == StageCatalog.Prepare)
        {
            var data = spec.Dataset.Data;
            if (data.Path is { } path) yield return ("data:path", path.Resolved);
            if (data.Images is { } images) yield return ("data:images", images.Resolved);
            if (data.Metadata is { } metadata) yield return ("data:metadata", metadata.Resolved);
        }
        foreach (var (key, path) in stage.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return ($"path:{key}", path);
        }
    }

    /// <summary>Manifest digest of a folder, or of a one-file manifest for a file.</summary>
    public static string DigestOf(string path, string what)
    {
        if (Directory.Exists(path))
        {
            return Manifest.Create(path, followLinksInside: true).Digest;
        }
        if (File.Exists(path))
        {
            UntrustedFile.Check(path, $"{what}: {path}", long.MaxValue);
            var info = new FileInfo(path);
            return Manifest.FromEntries([new ManifestEntry(info.Name, info.Length, Pipeline.Hashing.Sha256Hex.OfFile(path))], path).Digest;
        }
        throw new Core.ToolchainError(string.Create(CultureInfo.InvariantCulture, $"{what}: {path} does not exist"), exitCode: 2);
    }
}
