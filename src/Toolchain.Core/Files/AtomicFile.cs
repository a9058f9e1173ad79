using System.Text;

namespace Toolchain.Core.Files;

/// <summary>
/// Replaces a file whole: the new content goes to a temporary file beside it whose name is unique to this
/// process and call, then is renamed over the target. Two runs writing the same file therefore never share a
/// temporary file (a fixed "x.partial" let one run rename away the other's file), and readers see the old or
/// the new content, never half of either.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A fresh temporary path beside <paramref name="path"/>: ".&lt;name&gt;.&lt;pid&gt;-&lt;random&gt;.partial".</summary>
    public static string TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        var name = $".{Path.GetFileName(full)}.{Environment.ProcessId}-{Guid.NewGuid():N}.partial";
        return Path.Combine(Path.GetDirectoryName(full)!, name);
    }

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8NoBom.GetBytes(text));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var temp = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes through <paramref name="write"/> into a temporary file, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        var temp = TempPathFor(path);
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="path"/> the same way.</summary>
    public static void Copy(string source, string path) => Write(path, temp => File.Copy(source, temp));
}
