using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Locking;
using Toolchain.Pipeline.Manifests;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Release;
using Toolchain.Stages.Running;
using Toolchain.Stages.Tests.Release;

namespace Toolchain.Stages.Tests.Running;

/// <summary>A cache entry edited after it was made never reaches a release (issue 27, probe 1).</summary>
public class PoisonedCacheTests
{
    private static IReadOnlyList<StageRun> Run(SpecWorkspace workspace, TextWriter? console = null, bool verify = false) =>
        new PipelineRunner(FabricatedStages.Registry(), console ?? TextWriter.Null)
            .Run(SpecLoader.Load(workspace.Spec("ci")), new RunOptions(workspace.Cache, Verify: verify));

    private static CacheEntry Entry(IReadOnlyList<StageRun> runs, string stage) => runs.Single(r => r.Stage == stage).Entry;

    private static string FirstImage(CacheEntry filter) =>
        Path.Combine(filter.OutputsDirectory, Entry0(filter).Replace('/', Path.DirectorySeparatorChar));

    private static string Entry0(CacheEntry filter) => filter.Manifest.Entries.First(e => e.Path.EndsWith(".png", StringComparison.Ordinal)).Path;

    private static byte[] ReleasedCopyOf(CacheEntry release, CacheEntry filter)
    {
        var sha = filter.Manifest.Entries.Single(e => e.Path == Entry0(filter)).Sha256;
        var released = release.Manifest.Entries.Single(e => e.Path.StartsWith("release/images/", StringComparison.Ordinal) && e.Sha256 == sha);
        return File.ReadAllBytes(Path.Combine(release.OutputsDirectory, released.Path));
    }

    [Fact]
    public void EditedFilterImageIsFoundByTheQuickCheckAndRebuiltBeforeTheReleaseReusesIt()
    {
        using var workspace = new SpecWorkspace();
        var first = Run(workspace);
        var filter = Entry(first, "filter");
        var original = File.ReadAllBytes(FirstImage(filter));
        File.WriteAllBytes(FirstImage(filter), [.. original.Take(original.Length - 1), 0x00]);

        var console = new StringWriter();
        var second = Run(workspace, console);

        Assert.Equal(ProduceOutcome.Produced, second.Single(r => r.Stage == "filter").Outcome);
        Assert.Contains($"replacing cache entry filter/{filter.Key.Short}: outputs do not match the manifest", console.ToString());
        Assert.Equal(original, File.ReadAllBytes(FirstImage(Entry(second, "filter"))));
        Assert.Equal(ProduceOutcome.Hit, second.Single(r => r.Stage == "release").Outcome);
    }

    [Fact]
    public void EditThatKeepsSizeAndTimeIsCaughtWhenAStageReadsTheEntryAndTheReleaseIsBuiltFromTheRebuiltOne()
    {
        using var workspace = new SpecWorkspace();
        var first = Run(workspace);
        var filter = Entry(first, "filter");
        var image = FirstImage(filter);
        var original = File.ReadAllBytes(image);
        var time = File.GetLastWriteTimeUtc(image);
        File.WriteAllBytes(image, [.. original.Take(original.Length - 1), (byte)(original[^1] ^ 0xFF)]);
        File.SetLastWriteTimeUtc(image, time);
        // A new version: release must run, and it reads filter's entry.
        workspace.Replace("ci", "version: 0.1.0", "version: 0.2.0");

        var console = new StringWriter();
        var second = Run(workspace, console);

        Assert.Contains($"cache entry filter/{filter.Key.Short}, an input of release, does not match its manifest", console.ToString());
        var release = Entry(second, "release");
        Assert.Equal(original, ReleasedCopyOf(release, Entry(second, "filter")));
        Assert.Empty(ReleaseIntegrity.Problems(Path.Combine(release.OutputsDirectory, "release")));
        var recorded = LockFile.Read(Path.Combine(release.OutputsDirectory, "release", "lock.json"));
        Assert.Equal(filter.OutputDigest, recorded.Stages["filter"].OutputDigest);
    }

    [Fact]
    public void EditedReleaseEntryIsRebuiltBeforeItIsPublishedEvenWithSizeAndTimeKept()
    {
        using var workspace = new SpecWorkspace();
        var release = Entry(Run(workspace), "release");
        var metadata = Path.Combine(release.OutputsDirectory, "release", "metadata.csv");
        var text = File.ReadAllText(metadata);
        var time = File.GetLastWriteTimeUtc(metadata);
        File.WriteAllText(metadata, text.Replace("mel-ink", "mel-inc", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(metadata, time);

        var second = Run(workspace);

        Assert.Equal(ProduceOutcome.Produced, second.Single(r => r.Stage == "release").Outcome);
        var published = ReleasePublisher.Publish(Entry(second, "release").OutputsDirectory, new("ci", "0.1.0", "other"), Path.Combine(workspace.Root, "releases"));
        Assert.Equal(text, File.ReadAllText(Path.Combine(published.Folder, "metadata.csv")));
        Assert.Empty(ReleaseIntegrity.Problems(published.Folder));
    }

    [Fact]
    public void ReleaseThatMatchesItsManifestButNotTheFilterOutputItRecordsIsNotPublished()
    {
        using var workspace = new SpecWorkspace();
        var release = Entry(Run(workspace), "release");
        // As a release built from an edited filter entry by a version without these checks: consistent with itself.
        var outputs = Path.Combine(workspace.Root, "poisoned");
        var folder = Path.Combine(outputs, "release");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(release.OutputsDirectory, "release"), "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(folder, Path.GetRelativePath(Path.Combine(release.OutputsDirectory, "release"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        var image = Directory.EnumerateFiles(Path.Combine(folder, "images"), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.AppendAllText(image, "poison");
        File.Delete(Path.Combine(folder, "manifest"));
        Manifest.Create(folder).Write(Path.Combine(folder, "manifest"));

        var error = Assert.Throws<ToolchainError>(() => ReleasePublisher.Publish(outputs, new("ci", "0.1.0", "other"), Path.Combine(workspace.Root, "releases")));
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("1 image(s) match no file of the filter output it records in provenance/filter.manifest", error.Message);
        Assert.Contains("--force release", error.Message);
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "releases", "ci", "0.1.0")));
    }
}
