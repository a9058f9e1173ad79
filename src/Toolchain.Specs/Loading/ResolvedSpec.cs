using System.Text.Json.Nodes;
using Toolchain.Specs.Model;

namespace Toolchain.Specs.Loading;

/// <summary>
/// A dataset spec and its pipeline, validated and resolved: what <see cref="SpecLoader.Load"/> returns.
/// </summary>
/// <param name="SpecFile">Absolute path of the dataset spec.</param>
/// <param name="Dataset">The typed dataset spec.</param>
/// <param name="DatasetSettings">The dataset spec as canonical-ready JSON (defaults applied, paths as written, no overrides): hash the parts a stage reads.</param>
/// <param name="Pipeline">Name, description and file of the pipeline.</param>
/// <param name="Stages">The pipeline's stages in run order, with overrides merged.</param>
public sealed record ResolvedSpec(
    string SpecFile,
    DatasetSpec Dataset,
    JsonObject DatasetSettings,
    PipelineInfo Pipeline,
    IReadOnlyList<ResolvedStage> Stages)
{
    public ResolvedStage? FindStage(string name) => Stages.FirstOrDefault(s => s.Name == name);

    public ResolvedStage GetStage(string name) =>
        FindStage(name) ?? throw new Core.ToolchainError($"The pipeline '{Pipeline.Name}' has no stage '{name}'.", exitCode: 2);
}

/// <summary>The pipeline a spec uses.</summary>
/// <param name="File">Absolute path of the pipeline file.</param>
public sealed record PipelineInfo(string Name, string Description, string File);
