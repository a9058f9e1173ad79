using Toolchain.Cli.Commands;
using Toolchain.Pipeline.Manifests;

namespace Toolchain.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class VerifyCommandTests : IDisposable
{
    private readonly string release = Directory.CreateTempSubdirectory("verify-").FullName;

    public VerifyCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(release, "images", "mel-ink"));
        File.WriteAllBytes(Path.Combine(release, "images", "mel-ink", "0.png"), [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
        File.WriteAllText(Path.Combine(release, "metadata.csv"), "file_name,labels\nimages/mel-ink/0.png,MEL ink\n");
        File.WriteAllText(Path.Combine(release, "datasheet.md"), "# ci 0.1.0\n");
        Manifest.Create(release).Write(Path.Combine(release, "manifest"));
    }

    public void Dispose() => Directory.Delete(release, recursive: true);

    private (int Code, string Stdout, string Stderr) Verify() =>
        CliRunner.Run(c => c.AddCommand<VerifyCommand>("verify"), "verify", release);

    [Fact]
    public void UntouchedReleasePasses()
    {
        var (code, stdout, _) = Verify();
        Assert.Equal(0, code);
        Assert.Contains("all 3 files match the manifest", stdout);
    }

    [Fact]
    public void OneFlippedByteIsReportedAsAltered()
    {
        var image = Path.Combine(release, "images", "mel-ink", "0.png");
        var bytes = File.ReadAllBytes(image);
        bytes[5] ^= 0x01;
        File.WriteAllBytes(image, bytes);

        var (code, stdout, _) = Verify();
        Assert.Equal(1, code);
        Assert.Contains("1 altered: images/mel-ink/0.png (sha256 ", stdout);
    }

    [Fact]
    public void DeletedFileIsReportedAsMissing()
    {
        File.Delete(Path.Combine(release, "datasheet.md"));
        var (code, stdout, _) = Verify();
        Assert.Equal(1, code);
        Assert.Contains("1 missing: datasheet.md", stdout);
    }

    [Fact]
    public void AddedFileIsReportedAsExtra()
    {
        File.WriteAllText(Path.Combine(release, "images", "mel-ink", "1.png"), "new");
        var (code, stdout, _) = Verify();
        Assert.Equal(1, code);
        Assert.Contains("1 extra: images/mel-ink/1.png", stdout);
    }

    [Fact]
    public void FolderWithoutManifestExitsTwo()
    {
        File.Delete(Path.Combine(release, "manifest"));
        var (code, _, stderr) = Verify();
        Assert.Equal(2, code);
        Assert.Contains("manifest not found", stderr);
    }
}
