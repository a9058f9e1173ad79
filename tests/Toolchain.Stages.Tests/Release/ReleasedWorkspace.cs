using Toolchain.Pipeline.Cache;

namespace Toolchain.Stages.Tests.Release;

/// <summary>One full ci run (real prepare and release, fabricated stages between) shared by the release and audit tests; tests that edit a release work on a copy.</summary>
public sealed class ReleasedWorkspace : IDisposable
{
    public ReleasedWorkspace()
    {
        Workspace = new SpecWorkspace();
        Workspace.Append("ci", TarballOverride);
        Entry = ReleaseRun.Run(Workspace);
    }

    public const string TarballOverride = "  release:\n    tarball: true";

    public SpecWorkspace Workspace { get; }

    public CacheEntry Entry { get; }

    public string Folder => ReleaseRun.Folder(Entry);

    /// <summary>A private copy of the release folder, deleted with the workspace.</summary>
    public string CopyOfRelease()
    {
        var target = Path.Combine(Workspace.Root, "copies", Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public void Dispose() => Workspace.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ReleasedWorkspaceCollection : ICollectionFixture<ReleasedWorkspace>
{
    public const string Name = "released ci workspace";
}
