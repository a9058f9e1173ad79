using Toolchain.Core;
using Toolchain.Pipeline.Hashing;
using Toolchain.Pipeline.Manifests;

namespace Toolchain.Pipeline.Tests;

public class ManifestTests
{
    private static TempFolder FolderWithFiles()
    {
        var folder = new TempFolder();
        folder.WriteFile("data/b.txt", "bee");
        folder.WriteFile("data/a.txt", "ay");
        folder.WriteFile("Z.txt", "zed");
        folder.WriteFile(".hidden", "h");
        folder.WriteFile("images/sub dir/x 1.png", "png bytes");
        return folder;
    }

    [Fact]
    public void Lists_every_file_sorted_ordinally_with_forward_slashes_size_and_hash()
    {
        using var folder = FolderWithFiles();
        var manifest = Manifest.Create(folder.Path);

        Assert.Equal([".hidden", "Z.txt", "data/a.txt", "data/b.txt", "images/sub dir/x 1.png"], manifest.Entries.Select(e => e.Path));
        var a = manifest.Entries.Single(e => e.Path == "data/a.txt");
        Assert.Equal(2, a.Size);
        Assert.Equal(Sha256Hex.OfString("ay"), a.Sha256);
        Assert.Equal($"{Sha256Hex.OfString("ay")}  2  data/a.txt\n", manifest.Text.Split('\n')[2] + "\n");
        Assert.Equal(Sha256Hex.OfString(manifest.Text), manifest.Digest);
        Assert.Equal(2 + 3 + 3 + 1 + 9, manifest.TotalBytes);
    }

    [Fact]
    public void Digest_depends_on_content_not_on_timestamps_or_location()
    {
        using var first = FolderWithFiles();
        using var second = FolderWithFiles();
        File.SetLastWriteTimeUtc(second.Combine("Z.txt"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(Manifest.Create(first.Path).Digest, Manifest.Create(second.Path).Digest);

        File.WriteAllText(second.Combine("Z.txt"), "zee");
        Assert.NotEqual(Manifest.Create(first.Path).Digest, Manifest.Create(second.Path).Digest);
    }

    [Fact]
    public void Written_manifest_reads_back_identically()
    {
        using var folder = FolderWithFiles();
        var manifest = Manifest.Create(folder.Path);
        using var elsewhere = new TempFolder();
        var path = elsewhere.Combine("manifest.sha256");
        manifest.Write(path);

        var read = Manifest.Read(path);
        Assert.Equal(manifest.Text, read.Text);
        Assert.Equal(manifest.Digest, read.Digest);
        Assert.Equal(manifest.Text, File.ReadAllText(path));
    }

    [Fact]
    public void Verify_passes_for_an_untouched_folder()
    {
        using var folder = FolderWithFiles();
        var verification = Manifest.Create(folder.Path).Verify(folder.Path);
        Assert.True(verification.IsValid);
        Assert.Equal("ok", verification.Describe());
    }

    [Fact]
    public void Verify_detects_a_flipped_byte_a_deleted_file_and_an_added_file()
    {
        using var folder = FolderWithFiles();
        var manifest = Manifest.Create(folder.Path);

        var target = folder.Combine("images", "sub dir", "x 1.png");
        var bytes = File.ReadAllBytes(target);
        bytes[3] ^= 0x01;
        File.WriteAllBytes(target, bytes);
        File.Delete(folder.Combine("data", "a.txt"));
        folder.WriteFile("data/c.txt", "new");

        var verification = manifest.Verify(folder.Path);

        Assert.False(verification.IsValid);
        Assert.Equal(["data/a.txt"], verification.Missing);
        Assert.Equal(["data/c.txt"], verification.Extra);
        var altered = Assert.Single(verification.Altered);
        Assert.Equal("images/sub dir/x 1.png", altered.Path);
        Assert.Equal(altered.ExpectedSize, altered.ActualSize);
        Assert.Equal(Sha256Hex.OfBytes(bytes), altered.ActualSha256);
        Assert.Contains("1 missing: data/a.txt", verification.Describe());
        Assert.Contains("1 extra: data/c.txt", verification.Describe());
        Assert.Contains("1 altered: images/sub dir/x 1.png", verification.Describe());
    }

    [Fact]
    public void Verify_reports_a_size_change_as_altered()
    {
        using var folder = FolderWithFiles();
        var manifest = Manifest.Create(folder.Path);
        File.AppendAllText(folder.Combine("Z.txt"), "!");
        var altered = Assert.Single(manifest.Verify(folder.Path).Altered);
        Assert.Equal((3L, 4L), (altered.ExpectedSize, altered.ActualSize));
    }

    [Fact]
    public void Exclude_skips_a_manifest_kept_inside_the_folder()
    {
        using var folder = FolderWithFiles();
        bool IsManifest(string p) => p == "manifest.sha256";
        var manifest = Manifest.Create(folder.Path, IsManifest);
        manifest.Write(folder.Combine("manifest.sha256"));
        Assert.True(Manifest.Read(folder.Combine("manifest.sha256")).Verify(folder.Path, IsManifest).IsValid);
    }

    [Fact]
    public void A_folder_replaced_by_a_link_to_an_outside_copy_does_not_verify()
    {
        using var folder = FolderWithFiles();
        var manifest = Manifest.Create(folder.Path);
        using var outside = new TempFolder();
        outside.WriteFile("sub dir/x 1.png", "png bytes");
        Directory.Delete(folder.Combine("images"), recursive: true);
        Directory.CreateSymbolicLink(folder.Combine("images"), outside.Path);

        var error = Assert.Throws<ToolchainError>(() => manifest.Verify(folder.Path));
        Assert.Contains("'images' is a symbolic link", error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void Data_folders_follow_links_only_inside_themselves_and_refuse_dangling_ones()
    {
        using var folder = FolderWithFiles();
        File.CreateSymbolicLink(folder.Combine("data/c.txt"), folder.Combine("Z.txt"));
        var entry = Manifest.Create(folder.Path, followLinksInside: true).Entries.Single(e => e.Path == "data/c.txt");
        Assert.Equal((3L, Sha256Hex.OfString("zed")), (entry.Size, entry.Sha256));

        using var outside = new TempFolder();
        outside.WriteFile("secret.txt", "s");
        File.CreateSymbolicLink(folder.Combine("data/d.txt"), outside.Combine("secret.txt"));
        var escaped = Assert.Throws<ToolchainError>(() => Manifest.Create(folder.Path, followLinksInside: true));
        Assert.Contains("'data/d.txt' is a symbolic link that leads outside the folder", escaped.Message);

        File.Delete(folder.Combine("data/d.txt"));
        File.CreateSymbolicLink(folder.Combine("data/d.txt"), folder.Combine("gone.txt"));
        var dangling = Assert.Throws<ToolchainError>(() => Manifest.Create(folder.Path, followLinksInside: true));
        Assert.Contains("it dangles", dangling.Message);
    }

    [Fact]
    public void A_fifo_or_a_link_to_a_device_is_refused_not_opened()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = FolderWithFiles();
        File.CreateSymbolicLink(folder.Combine("data/zero"), "/dev/zero");
        Assert.Contains("'data/zero' is a symbolic link", Assert.Throws<ToolchainError>(() => Manifest.Create(folder.Path)).Message);

        File.Delete(folder.Combine("data/zero"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", folder.Combine("data/pipe")))
        {
            mkfifo.WaitForExit();
        }
        var error = Assert.Throws<ToolchainError>(() => Manifest.Create(folder.Path, followLinksInside: true));
        Assert.Contains("'data/pipe' is not a regular file (a FIFO, socket or device)", error.Message);
    }

    [Fact]
    public void Empty_folder_has_the_empty_manifest()
    {
        using var folder = new TempFolder();
        var manifest = Manifest.Create(folder.Path);
        Assert.Empty(manifest.Entries);
        Assert.Equal(Sha256Hex.OfString(""), manifest.Digest);
    }

    [Theory]
    [InlineData("zz  1  a\n", 1, "expected '<sha256>  <size>  <path>'")]
    [InlineData("{h}  x  a\n", 1, "size 'x'")]
    [InlineData("{h}  1  ../a\n", 1, "not a relative file path")]
    [InlineData("{h}  1  b\n{h}  1  a\n", 2, "out of order")]
    [InlineData("{h}  1  a\n{h}  1  a\n", 2, "out of order or repeated")]
    [InlineData("{H}  1  a\n", 1, "not a lowercase SHA-256")]
    public void Parse_rejects_malformed_lines_naming_the_line(string text, int line, string message)
    {
        var hash = Sha256Hex.OfString("x");
        text = text.Replace("{h}", hash).Replace("{H}", hash.ToUpperInvariant());
        var error = Assert.Throws<ToolchainError>(() => Manifest.Parse(text, "release/manifest.sha256"));
        Assert.Contains($"release/manifest.sha256:{line}:", error.Message);
        Assert.Contains(message, error.Message);
    }
}
