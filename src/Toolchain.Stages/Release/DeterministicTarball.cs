using System.Formats.Tar;
using System.IO.Compression;
using Toolchain.Pipeline.Hashing;

namespace Toolchain.Stages.Release;

/// <summary>
/// A .tar.gz of a folder whose bytes depend only on the files' paths and contents: ustar entries
/// (no pax timestamps) in ordinal path order under one top folder, mode 0644/0755, uid/gid 0,
/// empty owner names, mtime 0; a gzip header with mtime 0, no file name, XFL 0 and OS 255
/// ("unknown", instead of the building host's OS).
/// </summary>
public static class DeterministicTarball
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Writes <paramref name="tarPath"/> with the folder's files under <paramref name="topFolder"/>/; returns its SHA-256.</summary>
    public static string Write(string folder, string topFolder, string tarPath)
    {
        using (var file = new FileStream(tarPath, System.IO.FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using var gzip = new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true);
            using var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true);
            foreach (var (relative, full) in Entries(folder, topFolder))
            {
                if (full is null)
                {
                    tar.WriteEntry(Fixed(new UstarTarEntry(TarEntryType.Directory, relative + "/"), FolderMode));
                    continue;
                }
                using var content = File.OpenRead(full);
                var entry = Fixed(new UstarTarEntry(TarEntryType.RegularFile, relative), FileMode);
                entry.DataStream = content;
                tar.WriteEntry(entry);
            }
        }
        FixGzipHeader(tarPath);
        return Sha256Hex.OfFile(tarPath);
    }

    /// <summary>Folders (full path null) and files in ordinal order of their tar path; each folder precedes its contents.</summary>
    private static IEnumerable<(string Relative, string? Full)> Entries(string folder, string top)
    {
        var items = new List<(string, string?)> { (top, null) };
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var directory in Directory.EnumerateDirectories(folder, "*", options))
        {
            items.Add(($"{top}/{Relative(folder, directory)}", null));
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*", options))
        {
            items.Add(($"{top}/{Relative(folder, file)}", file));
        }
        // A folder "a" sorts before "a/x" ordinally, so parents always come first.
        return items.OrderBy(i => i.Item1, StringComparer.Ordinal);
    }

    private static string Relative(string folder, string path) =>
        Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');

    private static UstarTarEntry Fixed(UstarTarEntry entry, UnixFileMode mode)
    {
        entry.Mode = mode;
        entry.ModificationTime = DateTimeOffset.UnixEpoch;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = "";
        entry.GroupName = "";
        return entry;
    }

    // RFC 1952 header: ID1 ID2 CM FLG MTIME(4) XFL OS. The CRC covers the data, not the header.
    private static void FixGzipHeader(string path)
    {
        using var stream = new FileStream(path, System.IO.FileMode.Open, FileAccess.ReadWrite);
        var header = new byte[10];
        stream.ReadExactly(header);
        if (header[0] != 0x1f || header[1] != 0x8b || header[2] != 8)
        {
            throw new InvalidDataException($"{path}: GZipStream did not write a gzip header");
        }
        if (header[3] != 0)
        {
            throw new InvalidDataException($"{path}: unexpected gzip header flags {header[3]} (a file name or comment would be host-dependent)");
        }
        header[4] = header[5] = header[6] = header[7] = 0;
        header[8] = 0;
        header[9] = 255;
        stream.Position = 0;
        stream.Write(header);
    }
}
