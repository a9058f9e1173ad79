using Toolchain.Core;
using Toolchain.Core.Files;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Manifests;
using Toolchain.Specs.Model;

namespace Toolchain.Stages.Release;

/// <summary>What publishing did.</summary>
/// <param name="Folder">The published release folder, releases/&lt;name&gt;/&lt;version&gt;.</param>
/// <param name="AlreadyPublished">True when the same bytes were already there (a no-op).</param>
public sealed record PublishResult(string Folder, bool AlreadyPublished, string ManifestDigest);

/// <summary>
/// Copies a release stage's output to <c>&lt;releases&gt;/&lt;name&gt;/&lt;version&gt;/</c> (and its
/// tarball to <c>&lt;releases&gt;/&lt;name&gt;/&lt;name&gt;-&lt;version&gt;.tar.gz</c>). A published
/// version is immutable: publishing the same bytes again is a no-op, different bytes are refused.
/// The copy is made in a temporary folder and renamed into place, so a killed publish never
/// leaves a partial version; the next publish of the release removes what a killed one left. The release is
/// checked (<see cref="ReleaseIntegrity"/>) before anything is copied.
/// </summary>
public static class ReleasePublisher
{
    public const string DefaultRoot = "releases";
    private const string TempPrefix = ".tmp-";
    private const string PublishLockFile = ".publish.lock";

    public static PublishResult Publish(string stageOutputs, ReleaseSpec release, string releasesRoot)
    {
        var source = Path.Combine(stageOutputs, ReleaseLayout.Folder);
        if (!Directory.Exists(source))
        {
            throw new ToolchainError($"{stageOutputs} holds no {ReleaseLayout.Folder}/ folder: not a release stage output", exitCode: 1);
        }
        var parent = Path.Combine(releasesRoot, release.Name);
        var destination = Path.Combine(parent, release.Version);
        var display = $"{DefaultRoot}/{release.Name}/{release.Version}";
        var problems = ReleaseIntegrity.Problems(source);
        if (problems.Count > 0)
        {
            throw new ToolchainError(
                $"the release built in the cache ({source}) is not published: {string.Join("; ", problems)}. " +
                "Run again with --force release (or --verify) to rebuild it.",
                exitCode: 1);
        }
        var sourceManifest = Manifest.Create(source);
        var tarball = Path.Combine(stageOutputs, ReleaseLayout.Tarball);
        var tarballTarget = Path.Combine(parent, $"{release.Name}-{release.Version}.tar.gz");

        Directory.CreateDirectory(parent);
        // Held while publishing, so every temporary left in the folder belongs to a killed publish.
        using var publishLock = KeyLock.AcquireAsync(Path.Combine(parent, PublishLockFile), $"publishing {display}",
            new StageCacheOptions { LockTimeout = TimeSpan.FromMinutes(30) }, CancellationToken.None).GetAwaiter().GetResult();
        RemoveLeftovers(parent);

        if (!Directory.Exists(destination))
        {
            var temp = Path.Combine(parent, $"{TempPrefix}{release.Version}-{Guid.NewGuid():N}");
            try
            {
                CopyFolder(source, temp);
                Directory.Move(temp, destination);
            }
            catch (IOException) when (Directory.Exists(destination))
            {
                // Another run published the same version meanwhile; compared below.
            }
            finally
            {
                if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            }
            if (Directory.Exists(destination) && Manifest.Create(destination).Digest == sourceManifest.Digest)
            {
                PublishTarball(tarball, tarballTarget, display);
                return new PublishResult(destination, AlreadyPublished: false, sourceManifest.Digest);
            }
        }

        var published = Manifest.Create(destination);
        if (published.Digest != sourceManifest.Digest)
        {
            var differences = sourceManifest.Verify(destination).Describe().Replace("\n", "; ", StringComparison.Ordinal);
            throw new ToolchainError(
                $"{display} is already published with different content ({differences}). A published version never changes: " +
                "raise release.version in the dataset spec to publish this one.",
                exitCode: 1);
        }
        PublishTarball(tarball, tarballTarget, display);
        return new PublishResult(destination, AlreadyPublished: true, sourceManifest.Digest);
    }

    private static void PublishTarball(string tarball, string target, string display)
    {
        if (!File.Exists(tarball)) return;
        var checksum = tarball + ".sha256";
        foreach (var (from, to) in new[] { (tarball, target), (checksum, target + ".sha256") })
        {
            if (File.Exists(to))
            {
                if (!File.ReadAllBytes(to).AsSpan().SequenceEqual(File.ReadAllBytes(from)))
                {
                    throw new ToolchainError($"{Path.GetFileName(to)} beside {display} already exists with different bytes; raise release.version to publish again", exitCode: 1);
                }
                continue;
            }
            AtomicFile.Copy(from, to);
        }
    }

    /// <summary>Temporary folders and files of publishes that were killed; the caller holds the publish lock.</summary>
    private static void RemoveLeftovers(string parent)
    {
        foreach (var folder in Directory.EnumerateDirectories(parent, TempPrefix + "*"))
        {
            Directory.Delete(folder, recursive: true);
        }
        foreach (var file in Directory.EnumerateFiles(parent, ".*.partial"))
        {
            File.Delete(file);
        }
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var file in Directory.EnumerateFiles(source, "*", options))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }
}
