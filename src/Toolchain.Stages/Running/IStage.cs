namespace Toolchain.Stages.Running;

/// <summary>
/// One stage's work: read the inputs the context names, write every output into
/// <see cref="StageContext.OutputDirectory"/>. It must be a pure function of the context
/// (settings, inputs, seeds, environment): the cache reuses its outputs whenever those match.
/// </summary>
public interface IStage
{
    string Name { get; }

    /// <summary>Runs the stage; the returned object (counts, metrics) is stored as the entry's metadata.</summary>
    StageSummary Run(StageContext context);
}
