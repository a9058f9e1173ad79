using System.Formats.Tar;
using System.IO.Compression;
using Toolchain.Pipeline.Locking;
using Toolchain.Pipeline.Manifests;
using Toolchain.Stages.Release;

namespace Toolchain.Stages.Tests.Release;

[Collection(ReleasedWorkspaceCollection.Name)]
public class ReleaseStageTests(ReleasedWorkspace released)
{
    [Fact]
    public void ReleaseFolderHasTheDocumentedLayoutAndMatchesItsManifest()
    {
        var workspace = released.Workspace;
        var folder = released.Folder;

        foreach (var file in new[] { "metadata.csv", "README.md", "report.html", "resolved-spec.json", "lock.json", "manifest",
                     "spec/files.json", "spec/dataset-specs/ci.yaml", "spec/pipelines/tiny-cpu.yaml", "provenance/build.json",
                     "provenance/filter.manifest", "images/mel-ink/0.png", "images/nv-hair/3.png" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }

        var manifest = Manifest.Read(Path.Combine(folder, "manifest"));
        Assert.DoesNotContain(manifest.Entries, e => e.Path == "manifest");
        Assert.True(manifest.Verify(folder, p => p == "manifest").IsValid);

        var metadata = File.ReadAllLines(Path.Combine(folder, "metadata.csv"));
        Assert.Equal("file_name,id,diagnosis,hair,gel_bubble,ruler,ink,MEL,NV,subgroup,prompt,seed,reward,filter_decision,model_digest", metadata[0]);
        Assert.Equal(12 + 1, metadata.Length);
        Assert.StartsWith("images/mel-ink/0.png,mel-ink-0,MEL,0,0,0,1,1,0,mel-ink,\"a dermoscopy image of mel-ink, close-up\",1000,0.90,accepted,", metadata[1]);

        // Retrain ran after Evaluate: its final report (with the downstream study) is the one released.
        Assert.Contains("fabricated final report with the downstream study", File.ReadAllText(Path.Combine(folder, "report.html")));

        // The lock records every stage before release, and each recorded key re-hashes (LockFile.Parse checks it).
        var recorded = LockFile.Read(Path.Combine(folder, "lock.json"));
        Assert.Equal(["evaluate", "filter", "finetune", "prepare", "refine", "retrain", "sample", "train_reward"], recorded.Stages.Keys);
        var pipelineLock = LockFile.Read(Path.ChangeExtension(workspace.Spec("ci"), ".lock"));
        Assert.Equal(pipelineLock.Stages["finetune"].Key, recorded.Stages["finetune"].Key);

        var datasheet = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.Contains("# ci 0.1.0", datasheet);
        Assert.Contains($"`{recorded.Stages["refine"].Key.Hex}`", datasheet);
        Assert.Contains("| `refined.apr` | 0.63 |", datasheet);
        Assert.Contains("| `verdict` | \"no significant difference\" |", datasheet);
        Assert.Contains("| mel-ink | 8 |", datasheet);
        Assert.DoesNotContain("attribute presence rate", datasheet);
    }

    [Fact]
    public void TheReadmeIsAHuggingFaceDatasetCardWithTheDatasheetsSections()
    {
        var card = File.ReadAllText(Path.Combine(released.Folder, "README.md"));

        Assert.StartsWith("---\n", card);
        var end = card.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        Assert.True(end > 0, "no closing --- after the YAML header");
        var header = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, object>>(card[4..end]);
        Assert.Equal("other", header["license"]);
        Assert.Equal(["image-classification", "text-to-image"], ((List<object>)header["task_categories"]).Cast<string>());
        Assert.Equal(["n<1K"], ((List<object>)header["size_categories"]).Cast<string>());
        Assert.Contains("dermoscopy", ((List<object>)header["tags"]).Cast<string>());
        Assert.Equal("ci 0.1.0", header["pretty_name"]);
        var body = card[(end + 5)..];
        Assert.StartsWith("\n# ci 0.1.0\n", body);
        foreach (var section in new[] { "## What it is", "## How every image was made", "## Intended use and limits", "## Metrics summary", "## Provenance", "## Files" })
        {
            Assert.Contains("\n" + section + "\n", body);
        }
    }

    [Theory]
    [InlineData(0, "n<1K")]
    [InlineData(999, "n<1K")]
    [InlineData(1000, "1K<n<10K")]
    [InlineData(25_331, "10K<n<100K")]
    [InlineData(999_999, "100K<n<1M")]
    [InlineData(1_000_000, "1M<n<10M")]
    public void TheCardsSizeCategoryIsTheHubsBucket(int images, string category) => Assert.Equal(category, Datasheet.SizeCategory(images));

    [Fact]
    public void NoAbsolutePathOfTheBuildEntersTheRelease()
    {
        var workspace = released.Workspace;
        var folder = released.Folder;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(workspace.Root, text);
            Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), text);
        }
    }

    [Fact]
    public void TwoCleanRunsInDifferentFoldersWriteIdenticalReleasesAndTarballs()
    {
        using var b = new SpecWorkspace();
        b.Append("ci", ReleasedWorkspace.TarballOverride);
        var first = released.Entry;
        var second = ReleaseRun.Run(b);

        Assert.Equal(File.ReadAllText(Path.Combine(ReleaseRun.Folder(first), "manifest")), File.ReadAllText(Path.Combine(ReleaseRun.Folder(second), "manifest")));
        Assert.Equal(first.OutputDigest, second.OutputDigest);
        var tarA = File.ReadAllBytes(Path.Combine(first.OutputsDirectory, "release.tar.gz"));
        Assert.Equal(tarA, File.ReadAllBytes(Path.Combine(second.OutputsDirectory, "release.tar.gz")));
        Assert.Equal(8, tarA[2]); // deflate
        Assert.Equal([0, 0, 0, 0], tarA[4..8]); // gzip mtime
        Assert.Equal(255, tarA[9]); // OS unknown
        var checksum = File.ReadAllText(Path.Combine(first.OutputsDirectory, "release.tar.gz.sha256"));
        Assert.Equal($"{Pipeline.Hashing.Sha256Hex.OfBytes(tarA)}  release.tar.gz\n", checksum);
    }

    [Fact]
    public void TarballHoldsEveryReleaseFileWithFixedOwnersAndTimes()
    {
        var root = Directory.CreateTempSubdirectory("tarball-").FullName;
        try
        {
            var folder = Path.Combine(root, "in");
            Directory.CreateDirectory(Path.Combine(folder, "images", "b"));
            File.WriteAllText(Path.Combine(folder, "z.txt"), "z");
            File.WriteAllText(Path.Combine(folder, "images", "b", "1.png"), "png");
            File.SetLastWriteTimeUtc(Path.Combine(folder, "z.txt"), new DateTime(2020, 1, 2, 0, 0, 0, DateTimeKind.Utc));
            var tar = Path.Combine(root, "out.tar.gz");
            var sha = DeterministicTarball.Write(folder, "top", tar);
            File.SetLastWriteTimeUtc(Path.Combine(folder, "z.txt"), new DateTime(2024, 5, 6, 0, 0, 0, DateTimeKind.Utc));
            Assert.Equal(sha, DeterministicTarball.Write(folder, "top", Path.Combine(root, "again.tar.gz")));

            using var reader = new TarReader(new GZipStream(File.OpenRead(tar), CompressionMode.Decompress));
            var names = new List<string>();
            while (reader.GetNextEntry() is { } entry)
            {
                names.Add(entry.Name);
                Assert.Equal(DateTimeOffset.UnixEpoch, entry.ModificationTime);
                Assert.Equal(0, entry.Uid);
                Assert.Equal("", ((PosixTarEntry)entry).UserName);
            }
            Assert.Equal(["top/", "top/images/", "top/images/b/", "top/images/b/1.png", "top/z.txt"], names);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void FilterOutputWithoutItsMetadataColumnsIsRefusedNamingTheColumn()
    {
        var root = Directory.CreateTempSubdirectory("release-meta-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "metadata.csv"), "file_name,subgroup\nimages/a.png,x\n");
            var error = Assert.Throws<Core.ToolchainError>(() => ReleaseMetadata.Read(root));
            Assert.Contains("'prompt'", error.Message);
            Assert.Contains("model_digest", error.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
