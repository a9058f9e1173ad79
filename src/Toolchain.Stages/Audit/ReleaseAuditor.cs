using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Keys;
using Toolchain.Pipeline.Locking;
using Toolchain.Pipeline.Manifests;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Release;
using Toolchain.Stages.Running;

namespace Toolchain.Stages.Audit;

/// <summary>How to audit.</summary>
/// <param name="DataRoot">Folder that stands for the folder the release's spec/ was taken from: its
/// entries are linked beside the restored spec files, so data paths the spec gives relative to
/// itself (e.g. <c>../data/isic</c>) resolve. Null when the spec reads no files (procedural data).</param>
/// <param name="KeepWorkspace">Keep the temporary workspace (restored spec, fresh cache) for inspection.</param>
public sealed record AuditOptions(string? DataRoot = null, bool KeepWorkspace = false);

/// <summary>
/// Rebuilds a release from its own spec files in a fresh temporary cache and compares, stage by
/// stage in pipeline order, the rebuilt output manifest with the one the release recorded
/// (lock.json, provenance/&lt;stage&gt;.manifest), stopping at the first difference; when every
/// upstream stage matches, the release itself is rebuilt and compared with the folder's manifest.
/// A difference is explained by the key components that changed (settings, stage version,
/// inputs, environment) or, when the key is equal, by the toolchain revision.
/// </summary>
public sealed class ReleaseAuditor
{
    private readonly StageRegistry registry;
    private readonly TextWriter console;
    private readonly IStageProgress progress;

    public ReleaseAuditor(StageRegistry registry, TextWriter console, IStageProgress? progress = null)
    {
        this.registry = registry;
        this.console = console;
        this.progress = progress ?? SilentProgress.Instance;
    }

    public AuditReport Audit(string releaseFolder, AuditOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new AuditOptions();
        if (!Directory.Exists(releaseFolder)) throw new ToolchainError($"{releaseFolder}: release folder not found", exitCode: 2);
        var manifestPath = Path.Combine(releaseFolder, ReleaseLayout.Manifest);
        var manifest = Manifest.Read(manifestPath);
        var integrity = manifest.Verify(releaseFolder, relative => relative == ReleaseLayout.Manifest);
        var recorded = LockFile.Read(Path.Combine(releaseFolder, ReleaseLayout.Lock));
        var build = BuildRecord.Read(releaseFolder);
        var snapshot = SpecSnapshot.Read(releaseFolder);

        var workspace = Directory.CreateTempSubdirectory("toolchain-audit-").FullName;
        try
        {
            var specPath = snapshot.Restore(Path.Combine(workspace, "spec"));
            if (options.DataRoot is { } dataRoot) LinkData(dataRoot, Path.Combine(workspace, "spec"));
            var spec = SpecLoader.Load(specPath);
            var cacheRoot = Path.Combine(workspace, "cache");
            console.WriteLine($"audit: rebuilding {spec.Dataset.Release.Name} {spec.Dataset.Release.Version} in a fresh cache ({workspace})");

            var runner = new PipelineRunner(registry, console, progress);
            var stages = new List<StageAudit>();
            foreach (var stage in spec.Stages)
            {
                cancellation.ThrowIfCancellationRequested();
                var run = runner.Run(spec, new RunOptions(cacheRoot, Until: stage.Name), cancellation).Single(r => r.Stage == stage.Name);
                var audit = stage.Name == StageCatalog.Release
                    ? CompareRelease(run.Entry, manifest, build)
                    : CompareStage(releaseFolder, run.Entry, recorded, build);
                stages.Add(audit);
                if (audit.Outcome != StageAuditOutcome.Match) break;
            }
            return new AuditReport(releaseFolder, integrity, stages);
        }
        finally
        {
            if (options.KeepWorkspace) console.WriteLine($"audit: workspace kept at {workspace}");
            else Directory.Delete(workspace, recursive: true);
        }
    }

    private static StageAudit CompareStage(string releaseFolder, CacheEntry rebuilt, LockFile recorded, BuildRecord build)
    {
        if (!recorded.Stages.TryGetValue(rebuilt.Stage, out var record))
        {
            return new StageAudit(rebuilt.Stage, StageAuditOutcome.NotRecorded, null, rebuilt.OutputDigest, [],
                Cause: "the release was built by a pipeline without this stage (settings differ)");
        }
        var changes = ComponentDiff.Describe(record.Components, rebuilt.Components);
        if (record.OutputDigest == rebuilt.OutputDigest)
        {
            return new StageAudit(rebuilt.Stage, StageAuditOutcome.Match, record.OutputDigest, rebuilt.OutputDigest, changes);
        }
        var manifestPath = Path.Combine(releaseFolder, ReleaseLayout.StageManifest(rebuilt.Stage));
        var files = File.Exists(manifestPath) ? ManifestComparison.Compare(Manifest.Read(manifestPath), rebuilt.Manifest) : null;
        return new StageAudit(rebuilt.Stage, StageAuditOutcome.Differs, record.OutputDigest, rebuilt.OutputDigest, changes, files, LikelyCause(changes, build));
    }

    /// <summary>The release stage is compared with the audited folder itself (its manifest), since no record can hold its own digest.</summary>
    private static StageAudit CompareRelease(CacheEntry rebuilt, Manifest releaseManifest, BuildRecord build)
    {
        var rebuiltManifest = Manifest.Read(Path.Combine(rebuilt.OutputsDirectory, ReleaseLayout.Folder, ReleaseLayout.Manifest));
        if (rebuiltManifest.Digest == releaseManifest.Digest)
        {
            return new StageAudit(rebuilt.Stage, StageAuditOutcome.Match, releaseManifest.Digest, rebuiltManifest.Digest, []);
        }
        return new StageAudit(rebuilt.Stage, StageAuditOutcome.Differs, releaseManifest.Digest, rebuiltManifest.Digest, [],
            ManifestComparison.Compare(releaseManifest, rebuiltManifest), LikelyCause([], build));
    }

    /// <summary>
    /// Settings first (the usual reason), then the stage's code version, then changed inputs
    /// (external data), then the environment; with an equal key, the toolchain revision or, failing
    /// that, a stage that is not a pure function of its key.
    /// </summary>
    public static string LikelyCause(IReadOnlyList<string> changes, BuildRecord build)
    {
        string? Pick(string prefix, string label)
        {
            var hits = changes.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            return hits.Count == 0 ? null : $"{label}: {string.Join("; ", hits)}";
        }
        var cause = Pick("settings", "settings differ")
            ?? Pick("seeds", "settings differ (seeds)")
            ?? Pick("stage version", "code version differs")
            ?? Pick("input", "input data differs")
            ?? Pick("environment", "environment differs");
        if (cause is not null) return cause;
        var current = SourceRevision.Current;
        if (build.SourceRevision != current)
        {
            return $"code version differs: same key, but the release was built by toolchain revision {build.SourceRevision} and the audit ran {current}";
        }
        return "nondeterminism: same key, same toolchain revision and environment, different bytes (the stage is not a pure function of its key)";
    }

    /// <summary>Links each entry of the data root into the workspace, except where a restored spec folder of that name already is.</summary>
    private static void LinkData(string dataRoot, string workspaceSpecRoot)
    {
        var root = Path.GetFullPath(dataRoot);
        if (!Directory.Exists(root)) throw new ToolchainError($"--data-root {dataRoot}: folder not found", exitCode: 2);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root))
        {
            var link = Path.Combine(workspaceSpecRoot, Path.GetFileName(entry));
            if (Path.Exists(link)) continue;
            if (Directory.Exists(entry)) Directory.CreateSymbolicLink(link, entry);
            else File.CreateSymbolicLink(link, entry);
        }
    }
}
