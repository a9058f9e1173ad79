using Toolchain.Pipeline.Manifests;
using Toolchain.Specs.Stages;

namespace Toolchain.Stages.Release;

/// <summary>
/// Whether a release folder can be trusted before it is published or when it is verified: every file matches
/// its <c>manifest</c>, and every released image is byte-identical to an image in the filter output it records
/// (<c>provenance/filter.manifest</c>). The second check catches a release that is consistent with its own
/// manifest but was built from an edited filter entry, which its own manifest cannot show.
/// </summary>
public static class ReleaseIntegrity
{
    /// <summary>The problems found, one line each; empty when the folder can be trusted.</summary>
    public static IReadOnlyList<string> Problems(string releaseFolder)
    {
        var problems = new List<string>();
        var manifestPath = Path.Combine(releaseFolder, ReleaseLayout.Manifest);
        if (!File.Exists(manifestPath))
        {
            return [$"it has no {ReleaseLayout.Manifest} file"];
        }
        var manifest = Manifest.Read(manifestPath);
        var verification = manifest.Verify(releaseFolder, relative => relative == ReleaseLayout.Manifest);
        if (!verification.IsValid)
        {
            problems.Add($"its files do not match its {ReleaseLayout.Manifest}: {verification.Describe().Replace("\n", "; ", StringComparison.Ordinal)}");
        }

        var filterManifestPath = Path.Combine(releaseFolder, ReleaseLayout.StageManifest(StageCatalog.Filter));
        if (File.Exists(filterManifestPath))
        {
            var filtered = Manifest.Read(filterManifestPath).Entries.Select(e => e.Sha256).ToHashSet(StringComparer.Ordinal);
            var foreign = manifest.Entries
                .Where(e => e.Path.StartsWith(ReleaseLayout.ImagesFolder + "/", StringComparison.Ordinal) && !filtered.Contains(e.Sha256))
                .Select(e => e.Path)
                .ToList();
            if (foreign.Count > 0)
            {
                problems.Add($"{foreign.Count} image(s) match no file of the filter output it records in {ReleaseLayout.StageManifest(StageCatalog.Filter)} " +
                    $"(built from an edited cache entry?): {string.Join(", ", foreign.Take(10))}{(foreign.Count > 10 ? ", ..." : "")}");
            }
        }
        return problems;
    }
}
