using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>
/// A stage type: its name (the key under <c>stages:</c>), code version (bump it when the stage's
/// outputs change for the same inputs, so cached results are invalidated), the stages whose outputs
/// it reads, and its settings schema.
/// </summary>
/// <param name="Requires">Stages that must be in the pipeline, before this one.</param>
/// <param name="UsesIfPresent">Stages whose outputs this one reads when the pipeline has them.</param>
public sealed record StageDefinition(
    string Name,
    int Version,
    string Description,
    IReadOnlyList<string> Requires,
    IReadOnlyList<string> UsesIfPresent,
    ObjectSchema Schema);
