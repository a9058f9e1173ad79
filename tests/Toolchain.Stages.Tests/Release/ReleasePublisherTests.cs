using Toolchain.Core;
using Toolchain.Pipeline.Manifests;
using Toolchain.Specs.Model;
using Toolchain.Stages.Release;

namespace Toolchain.Stages.Tests.Release;

public sealed class ReleasePublisherTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("publish-").FullName;
    private readonly ReleaseSpec release = new("ci", "0.1.0", "other");

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string StageOutputs(string name, string metadata)
    {
        var outputs = Path.Combine(root, name);
        Directory.CreateDirectory(Path.Combine(outputs, "release", "images"));
        File.WriteAllText(Path.Combine(outputs, "release", "metadata.csv"), metadata);
        File.WriteAllText(Path.Combine(outputs, "release", "images", "0.png"), "png");
        Manifest.Create(Path.Combine(outputs, "release")).Write(Path.Combine(outputs, "release", "manifest"));
        File.WriteAllText(Path.Combine(outputs, "release.tar.gz"), "tar " + metadata);
        File.WriteAllText(Path.Combine(outputs, "release.tar.gz.sha256"), "sha " + metadata);
        return outputs;
    }

    [Fact]
    public void PublishesOnceAndRepublishingTheSameBytesIsANoOp()
    {
        var releases = Path.Combine(root, "releases");
        var first = ReleasePublisher.Publish(StageOutputs("a", "x"), release, releases);
        Assert.False(first.AlreadyPublished);
        Assert.Equal(Path.Combine(releases, "ci", "0.1.0"), first.Folder);
        Assert.Equal("x", File.ReadAllText(Path.Combine(first.Folder, "metadata.csv")));
        Assert.True(File.Exists(Path.Combine(releases, "ci", "ci-0.1.0.tar.gz")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(releases, "ci"), ".tmp-*"));

        var again = ReleasePublisher.Publish(StageOutputs("b", "x"), release, releases);
        Assert.True(again.AlreadyPublished);
        Assert.Equal(first.ManifestDigest, again.ManifestDigest);
    }

    [Fact]
    public void LeftoversOfAKilledPublishAreRemovedByTheNextOne()
    {
        var releases = Path.Combine(root, "releases");
        var killed = Path.Combine(releases, "ci", ".tmp-0.1.0-0123456789abcdef");
        Directory.CreateDirectory(Path.Combine(killed, "images"));
        File.WriteAllText(Path.Combine(killed, "images", "0.png"), "half a copy");
        File.WriteAllText(Path.Combine(releases, "ci", ".ci-0.1.0.tar.gz.77-abc.partial"), "half a tarball");

        ReleasePublisher.Publish(StageOutputs("a", "x"), release, releases);

        Assert.Empty(Directory.GetDirectories(Path.Combine(releases, "ci"), ".tmp-*"));
        Assert.Empty(Directory.GetFiles(Path.Combine(releases, "ci"), "*.partial"));
    }

    [Fact]
    public void ReleaseWhoseFilesDoNotMatchItsManifestIsNotPublished()
    {
        var outputs = StageOutputs("a", "x");
        File.WriteAllText(Path.Combine(outputs, "release", "metadata.csv"), "=cmd");

        var error = Assert.Throws<ToolchainError>(() => ReleasePublisher.Publish(outputs, release, Path.Combine(root, "releases")));
        Assert.Contains("its files do not match its manifest: 1 altered: metadata.csv", error.Message);
        Assert.False(Directory.Exists(Path.Combine(root, "releases", "ci", "0.1.0")));
    }

    [Fact]
    public void RepublishingAVersionWithDifferentBytesIsRefused()
    {
        var releases = Path.Combine(root, "releases");
        ReleasePublisher.Publish(StageOutputs("a", "x"), release, releases);

        var error = Assert.Throws<ToolchainError>(() => ReleasePublisher.Publish(StageOutputs("b", "y"), release, releases));
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("releases/ci/0.1.0 is already published with different content", error.Message);
        Assert.Contains("metadata.csv", error.Message);
        Assert.Contains("raise release.version", error.Message);
        Assert.Equal("x", File.ReadAllText(Path.Combine(releases, "ci", "0.1.0", "metadata.csv")));
    }
}
