using System.Globalization;
using System.Text;
using Toolchain.Core;
using Toolchain.Core.Files;
using Toolchain.Pipeline.Hashing;

namespace Toolchain.Pipeline.Manifests;

/// <summary>
/// The content of a folder: every regular file with its relative path, size and SHA-256.
/// Text form (the canonical form, and what is hashed into <see cref="Digest"/>): one line per
/// file, <c>&lt;sha256&gt;  &lt;size&gt;  &lt;path&gt;\n</c> (two spaces between fields), paths relative
/// with '/' separators, lines sorted by path ordinally, UTF-8 without BOM. Empty folders are not
/// recorded (as in git). An empty manifest is the empty text.
/// </summary>
public sealed class Manifest
{
    private Manifest(IReadOnlyList<ManifestEntry> entries)
    {
        Entries = entries;
        Text = Render(entries);
        Digest = Sha256Hex.OfString(Text);
    }

    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>The canonical text (see class remarks).</summary>
    public string Text { get; }

    /// <summary>SHA-256 of <see cref="Text"/>: the identity of the folder's content.</summary>
    public string Digest { get; }

    public long TotalBytes => Entries.Sum(e => e.Size);

    /// <summary>Hashes every file under <paramref name="folder"/>; <paramref name="exclude"/> skips relative paths (e.g. the manifest file itself).</summary>
    /// <remarks>
    /// A symbolic link or a FIFO/device in the folder is an error; with <paramref name="followLinksInside"/> (data
    /// folders a user points at) a link is hashed as its target, which must resolve inside the folder.
    /// </remarks>
    public static Manifest Create(string folder, Func<string, bool>? exclude = null, bool followLinksInside = false)
    {
        var entries = ListFiles(folder, exclude, followLinksInside)
            .Select(f => new ManifestEntry(f.RelativePath, f.Size, Sha256Hex.OfFile(f.FullPath)))
            .ToList();
        return new Manifest(entries);
    }

    /// <summary>Builds a manifest from entries (sorted here); paths must be valid and unique.</summary>
    public static Manifest FromEntries(IEnumerable<ManifestEntry> entries, string source = "manifest")
    {
        var list = entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        for (var i = 0; i < list.Count; i++)
        {
            ValidatePath(list[i].Path, source, i + 1);
            if (list[i].Size < 0 || !Sha256Hex.IsValid(list[i].Sha256))
                throw new ToolchainError($"{source}: entry '{list[i].Path}' needs a size >= 0 and a 64-character lowercase sha256.", exitCode: 2);
            if (i > 0 && list[i - 1].Path == list[i].Path)
                throw new ToolchainError($"{source}: '{list[i].Path}' is listed twice.", exitCode: 2);
        }
        return new Manifest(list);
    }

    /// <summary>Parses the text form strictly: it must already be canonical (sorted, unique, LF endings).</summary>
    public static Manifest Parse(string text, string source)
    {
        var entries = new List<ManifestEntry>();
        if (text.Length > 0 && !text.EndsWith('\n'))
            throw new ToolchainError($"{source}: the last line must end with a newline.", exitCode: 2);
        var lines = text.Length == 0 ? [] : text[..^1].Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i];
            var sizeEnd = line.Length < Sha256Hex.Length + 6 ? -1 : line.IndexOf("  ", Sha256Hex.Length + 2, StringComparison.Ordinal);
            if (sizeEnd < 0 || line.Substring(Sha256Hex.Length, 2) != "  ")
                throw new ToolchainError($"{source}:{lineNumber}: expected '<sha256>  <size>  <path>', got '{line}'.", exitCode: 2);
            var hash = line[..Sha256Hex.Length];
            var sizeText = line[(Sha256Hex.Length + 2)..sizeEnd];
            var path = line[(sizeEnd + 2)..];
            if (!Sha256Hex.IsValid(hash))
                throw new ToolchainError($"{source}:{lineNumber}: '{hash}' is not a lowercase SHA-256.", exitCode: 2);
            if (!long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                throw new ToolchainError($"{source}:{lineNumber}: size '{sizeText}' is not a non-negative integer.", exitCode: 2);
            ValidatePath(path, source, lineNumber);
            if (entries.Count > 0 && string.CompareOrdinal(entries[^1].Path, path) >= 0)
                throw new ToolchainError($"{source}:{lineNumber}: '{path}' is out of order or repeated (paths must be sorted ordinally and unique).", exitCode: 2);
            entries.Add(new ManifestEntry(path, size, hash));
        }
        return new Manifest(entries);
    }

    public static Manifest Read(string path)
    {
        if (!File.Exists(path)) throw new ToolchainError($"Manifest not found: {path}", exitCode: 2);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Writes the canonical text (flushed to disk, since cache entries are built on it).</summary>
    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Text);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Compares <paramref name="folder"/> with this manifest. Files whose size differs are
    /// reported altered without hashing; all others are rehashed.
    /// </summary>
    public ManifestVerification Verify(string folder, Func<string, bool>? exclude = null) => Compare(folder, exclude, _ => true);

    private ManifestVerification Compare(string folder, Func<string, bool>? exclude, Func<FolderFile, bool> rehash)
    {
        if (!Directory.Exists(folder)) throw new ToolchainError($"Folder to verify not found: {folder}", exitCode: 2);
        var actual = ListFiles(folder, exclude).ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        var expected = Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);

        var missing = Entries.Where(e => !actual.ContainsKey(e.Path)).Select(e => e.Path).ToList();
        var extra = actual.Keys.Where(p => !expected.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        var altered = new List<AlteredFile>();
        foreach (var entry in Entries)
        {
            if (!actual.TryGetValue(entry.Path, out var file)) continue;
            if (file.Size != entry.Size)
            {
                altered.Add(new AlteredFile(entry.Path, entry.Size, file.Size, entry.Sha256, "(not hashed)"));
                continue;
            }
            if (!rehash(file)) continue;
            var hash = Sha256Hex.OfFile(file.FullPath);
            if (hash != entry.Sha256)
                altered.Add(new AlteredFile(entry.Path, entry.Size, file.Size, entry.Sha256, hash));
        }
        return new ManifestVerification(missing, extra, altered);
    }

    /// <summary>
    /// The cheap check done before an entry is reused: the folder lists exactly the manifest's files with their
    /// recorded sizes, and only files modified after <paramref name="sealedAtUtc"/> (when the entry was marked
    /// complete) are rehashed. An edit that keeps size and modification time escapes it; <see cref="Verify"/>
    /// rehashes everything.
    /// </summary>
    public ManifestVerification QuickCheck(string folder, DateTime sealedAtUtc) => Compare(folder, null, file => file.ModifiedUtc > sealedAtUtc);

    private sealed record FolderFile(string RelativePath, string FullPath, long Size, DateTime ModifiedUtc);

    private static List<FolderFile> ListFiles(string folder, Func<string, bool>? exclude, bool followLinksInside = false)
    {
        if (!Directory.Exists(folder)) throw new ToolchainError($"Folder not found: {folder}", exitCode: 2);
        var files = new List<FolderFile>();
        var root = Path.GetFullPath(folder);
        var visited = new HashSet<string>(StringComparer.Ordinal) { RealPath.Of(root) ?? root };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            // Walked by hand rather than with RecurseSubdirectories so that every link and special file is seen,
            // not silently followed (a link's size is its own, its hash its target's) or opened (a FIFO blocks).
            foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
            {
                var relative = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (exclude is not null && exclude(relative)) continue;
                ValidatePath(relative, folder, 0);
                var where = $"{folder}: '{relative}'";
                if (entry.LinkTarget is not null)
                {
                    if (!followLinksInside)
                        throw new ToolchainError($"{where} is a symbolic link; only regular files and folders can be hashed and verified here.", exitCode: 2);
                    if (!RealPath.IsInside(entry.FullName, root))
                        throw new ToolchainError($"{where} is a symbolic link that leads outside the folder (to {RealPath.Of(entry.FullName) ?? "nothing: it dangles"}).", exitCode: 2);
                }
                switch (FileKinds.Of(entry.FullName))
                {
                    case FileKind.Directory:
                        // A link to a folder inside the root is followed once; a link back up would loop forever.
                        if (visited.Add(RealPath.Of(entry.FullName) ?? entry.FullName)) pending.Push(entry.FullName);
                        break;
                    case FileKind.Regular:
                        var info = new FileInfo(entry.FullName);
                        var target = entry.LinkTarget is null ? info : new FileInfo(RealPath.Of(entry.FullName)!);
                        files.Add(new FolderFile(relative, entry.FullName, target.Length, target.LastWriteTimeUtc));
                        break;
                    case FileKind.Special:
                        throw new ToolchainError($"{where} is not a regular file (a FIFO, socket or device).", exitCode: 2);
                    default:
                        throw new ToolchainError($"{where} vanished while the folder was being listed.", exitCode: 1);
                }
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    private static void ValidatePath(string path, string source, int lineNumber)
    {
        var where = lineNumber > 0 ? $"{source}:{lineNumber}" : source;
        if (path.Length == 0 || path.StartsWith('/') || path.Contains('\n') || path.Contains('\r')
            || path.Split('/').Any(s => s.Length == 0 || s == "." || s == ".."))
            throw new ToolchainError($"{where}: '{path}' is not a relative file path with '/' separators (no empty, '.', '..' segments or line breaks).", exitCode: 2);
    }

    private static string Render(IReadOnlyList<ManifestEntry> entries)
    {
        var sb = new StringBuilder();
        foreach (var e in entries)
            sb.Append(e.Sha256).Append("  ").Append(e.Size.ToString(CultureInfo.InvariantCulture)).Append("  ").Append(e.Path).Append('\n');
        return sb.ToString();
    }
}
