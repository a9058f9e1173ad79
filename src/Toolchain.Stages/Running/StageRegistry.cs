using Toolchain.Core;

namespace Toolchain.Stages.Running;

/// <summary>The stage implementations by name.</summary>
public sealed class StageRegistry
{
    private readonly Dictionary<string, IStage> stages = new(StringComparer.Ordinal);

    public StageRegistry(IEnumerable<IStage> stages)
    {
        foreach (var stage in stages)
        {
            this.stages.Add(stage.Name, stage);
        }
    }

    public IStage Get(string name) =>
        stages.TryGetValue(name, out var stage)
            ? stage
            : throw new ToolchainError($"stage '{name}' is defined in the pipeline but not implemented in this version of the toolchain", exitCode: 2);
}
