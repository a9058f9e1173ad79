using Toolchain.Pipeline.Cache;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Running;

namespace Toolchain.Stages.Tests.Release;

/// <summary>Runs the ci spec through every stage (real prepare and release, fabricated others) in a workspace.</summary>
public static class ReleaseRun
{
    public static CacheEntry Run(SpecWorkspace workspace, string? cache = null, StageRegistry? registry = null)
    {
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var runs = new PipelineRunner(registry ?? FabricatedStages.Registry(), TextWriter.Null)
            .Run(spec, new RunOptions(cache ?? workspace.Cache));
        return runs.Single(r => r.Stage == "release").Entry;
    }

    public static string Folder(CacheEntry release) => Path.Combine(release.OutputsDirectory, "release");
}
