using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>Schema of a pipeline file (<c>pipelines/*.yaml</c>): HOW a dataset is produced.</summary>
public static class PipelineSchema
{
    public static ObjectSchema Root { get; } = new ObjectSchema()
        .Required("name", StringSchema.Slug(), "Pipeline name.")
        .Default("description", new StringSchema(), "", "What this pipeline is for.")
        .Required("stages", new StagesMapSchema(), "Stages to run, in order, each with its settings. Stage types and their settings are listed below.");
}
