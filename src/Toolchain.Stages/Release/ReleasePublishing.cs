using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Running;

namespace Toolchain.Stages.Release;

/// <summary>The publish step after a pipeline run: when the run included release, its folder goes to releases/&lt;name&gt;/&lt;version&gt;/.</summary>
public static class ReleasePublishing
{
    /// <summary>Publishes under <paramref name="workingDirectory"/>/releases; returns null when the run did not reach release.</summary>
    public static PublishResult? AfterRun(ResolvedSpec spec, IReadOnlyList<StageRun> runs, string workingDirectory)
    {
        var release = runs.FirstOrDefault(r => r.Stage == StageCatalog.Release);
        if (release is null) return null;
        var result = ReleasePublisher.Publish(release.Entry.OutputsDirectory, spec.Dataset.Release, Path.Combine(workingDirectory, ReleasePublisher.DefaultRoot));
        var shown = Path.GetRelativePath(workingDirectory, result.Folder);
        Console.WriteLine(result.AlreadyPublished
            ? $"release: {shown} already published with the same bytes (manifest {result.ManifestDigest[..12]})"
            : $"release: published {shown} (manifest {result.ManifestDigest[..12]})");
        return result;
    }
}
