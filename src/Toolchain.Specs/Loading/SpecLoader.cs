using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Core.Files;
using Toolchain.Specs.Model;
using Toolchain.Specs.Stages;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Loading;

/// <summary>
/// Loads a dataset spec and the pipeline it names, merges the spec's overrides into the pipeline,
/// validates both completely, and resolves them. Every problem in both files is reported at once
/// in a <see cref="SpecValidationException"/> (exit code 2).
/// </summary>
public static class SpecLoader
{
    /// <param name="specPath">The dataset spec, absolute or relative to the working directory; error
    /// messages name the files the way this path is written.</param>
    /// <param name="variant">Stage settings laid over the spec's own <c>overrides:</c> (same shape, deep-merged, wins),
    /// e.g. one arm of an experiment; errors in it name the file it was read from.</param>
    public static ResolvedSpec Load(string specPath, MappingNode? variant = null)
    {
        var specFile = Path.GetFullPath(specPath);
        if (!File.Exists(specFile))
            throw new ToolchainError($"{specPath}: dataset spec not found", exitCode: 2);

        var errors = new List<SpecError>();
        var specRoot = ReadRoot(specFile, Display(specPath, specFile), errors);
        if (specRoot is null) throw Failed(errors);

        var specContext = new ValidationContext(errors);
        var specJson = (JsonObject)DatasetSpecSchema.Root.Validate(specRoot, "", specContext)!;
        DatasetSpecRules.Apply(specJson, specContext);

        var pipeline = LoadPipeline(specPath, specRoot, variant, specContext, errors);
        if (errors.Count > 0 || pipeline is null) throw Failed(errors);

        specJson.Remove("overrides");
        var dataset = DatasetSpecReader.Read(specJson, specContext.ResolvedPaths);
        return new ResolvedSpec(specFile, dataset, specJson, pipeline.Value.Info, pipeline.Value.Stages);
    }

    /// <summary>Validates a pipeline file on its own (no dataset spec, no overrides).</summary>
    public static (PipelineInfo Info, IReadOnlyList<ResolvedStage> Stages) LoadPipeline(string pipelinePath)
    {
        var file = Path.GetFullPath(pipelinePath);
        if (!File.Exists(file)) throw new ToolchainError($"{pipelinePath}: pipeline not found", exitCode: 2);
        var errors = new List<SpecError>();
        var root = ReadRoot(file, Display(pipelinePath, file), errors);
        var result = root is null ? null : ValidatePipeline(root, file, null, errors);
        if (errors.Count > 0 || result is null) throw Failed(errors);
        return result.Value;
    }

    private static (PipelineInfo Info, IReadOnlyList<ResolvedStage> Stages)? LoadPipeline(
        string specPath, MappingNode specRoot, MappingNode? variant, ValidationContext specContext, List<SpecError> errors)
    {
        if (specContext.ResolvedPaths.GetValueOrDefault("pipeline") is not { } pipelineFile) return null;
        var pipelineNode = specRoot["pipeline"]!;
        if (!File.Exists(pipelineFile))
        {
            specContext.Error(pipelineNode, $"pipeline file not found: {pipelineFile}");
            return null;
        }
        var specDirectory = Path.GetDirectoryName(specPath) ?? "";
        var display = Display(Path.Combine(specDirectory, ((ScalarNode)pipelineNode).Value), pipelineFile);
        var root = ReadRoot(pipelineFile, display, errors);
        if (root is null) return null;
        var overrides = specRoot["overrides"] as MappingNode;
        if (variant is not null)
            overrides = overrides is null ? variant : NodeMerger.Merge(overrides, variant);
        return ValidatePipeline(root, pipelineFile, overrides, errors, specContext);
    }

    private static (PipelineInfo Info, IReadOnlyList<ResolvedStage> Stages)? ValidatePipeline(
        MappingNode root, string pipelineFile, MappingNode? overrides, List<SpecError> errors, ValidationContext? specContext = null)
    {
        if (overrides is not null && root["stages"] is MappingNode stagesNode)
            root = WithStages(root, NodeMerger.Merge(stagesNode, OverridesForPresentStages(stagesNode, overrides, specContext!)));

        var context = new ValidationContext(errors);
        var json = (JsonObject)PipelineSchema.Root.Validate(root, "", context)!;
        var stages = json["stages"] as JsonObject ?? [];
        PipelineRules.Apply(stages, context);

        var order = stages.Select(kv => kv.Key).ToList();
        var resolved = new List<ResolvedStage>();
        foreach (var (name, settings) in stages)
        {
            var definition = StageCatalog.Get(name);
            var dependsOn = order.Where(d => definition.Requires.Contains(d) || definition.UsesIfPresent.Contains(d)).ToList();
            var prefix = $"stages.{name}.";
            var paths = context.ResolvedPaths.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(p => p.Key[prefix.Length..], p => p.Value);
            resolved.Add(new ResolvedStage(name, definition.Version, (JsonObject)settings!, dependsOn, paths));
        }
        var info = new PipelineInfo(JsonRead.String(json, "name") ?? "", JsonRead.String(json, "description") ?? "", pipelineFile);
        return (info, resolved);
    }

    /// <summary>Overrides may only change stages the pipeline runs; unknown stage names pass through to get the usual "unknown stage" error.</summary>
    private static MappingNode OverridesForPresentStages(MappingNode stages, MappingNode overrides, ValidationContext specContext)
    {
        var kept = new List<MappingEntry>();
        foreach (var entry in overrides.Entries)
        {
            if (StageCatalog.Find(entry.Key.Value) is not null && stages[entry.Key.Value] is null)
            {
                specContext.Error(entry.Key, $"stage '{entry.Key.Value}' is not in the pipeline, so it cannot be overridden");
                continue;
            }
            kept.Add(entry);
        }
        return new MappingNode(overrides.Location, overrides.DocumentPath, kept) { BaseDirectory = overrides.BaseDirectory };
    }

    private static MappingNode WithStages(MappingNode root, MappingNode stages) =>
        new(root.Location, root.DocumentPath,
            [.. root.Entries.Select(e => e.Key.Value == "stages" ? e with { Value = stages } : e)])
        { BaseDirectory = root.BaseDirectory };

    private static MappingNode? ReadRoot(string file, string display, List<SpecError> errors)
    {
        var directory = Path.GetDirectoryName(file)!;
        var root = YamlTreeReader.Read(UntrustedFile.ReadUtf8Text(file, display, YamlTreeReader.MaxChars), display, directory, errors);
        if (root is null or MappingNode) return (MappingNode?)root;
        // Not the value itself: a file named by mistake (pipeline: /etc/passwd) parses as one long scalar.
        var got = root is ScalarNode scalar ? $"text of {scalar.Value.Length} characters: is this a YAML spec?" : root.Describe();
        errors.Add(new SpecError(root.Location, "", $"expected a mapping of keys at the top of the file (got {got})"));
        return null;
    }

    /// <summary>Names files in messages the way the user wrote the spec path: relative stays relative.</summary>
    private static string Display(string asGiven, string absolute) =>
        Path.IsPathRooted(asGiven) ? absolute : Path.GetRelativePath(Directory.GetCurrentDirectory(), absolute);

    private static SpecValidationException Failed(List<SpecError> errors)
    {
        // Spec file first, then the pipeline, each top to bottom.
        var fileOrder = errors.Select(e => e.Location.File).Distinct().ToList();
        return new SpecValidationException(errors
            .OrderBy(e => fileOrder.IndexOf(e.Location.File))
            .ThenBy(e => e.Location.Line)
            .ThenBy(e => e.Location.Column)
            .ToList());
    }
}
