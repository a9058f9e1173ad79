using System.Globalization;
using System.Text;

namespace Toolchain.Core.Files;

/// <summary>
/// Reads files whose path or content comes from a user (specs, data sources, images, weights) with bounded
/// resources: only regular files (a FIFO blocks forever, /dev/zero never ends), at most a given size, and, when a
/// folder is given, only what resolves inside it (a symbolic link may not lead out of a dataset folder).
/// </summary>
public static class UntrustedFile
{
    /// <summary>Why <paramref name="path"/> may not be read, or null when it may.</summary>
    public static string? Problem(string path, long maxBytes, string? confineTo = null)
    {
        switch (FileKinds.Of(path))
        {
            case FileKind.Missing:
                return IsLink(path) ? "is a symbolic link to nothing (dangling)" : "does not exist";
            case FileKind.Directory:
                return "is a folder, not a file";
            case FileKind.Special:
                return "is not a regular file (a FIFO, socket or device)";
        }
        if (confineTo is not null && !RealPath.IsInside(path, confineTo))
        {
            return $"resolves (through a symbolic link) to {RealPath.Of(path)}, outside {Path.GetFullPath(confineTo)}";
        }
        var length = new FileInfo(path).Length;
        if (length > maxBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is {length} bytes, above the limit of {maxBytes}");
        }
        return null;
    }

    /// <summary>Throws a <see cref="ToolchainError"/> "<paramref name="display"/>: why" when the file may not be read.</summary>
    public static void Check(string path, string display, long maxBytes, string? confineTo = null, int exitCode = 2)
    {
        if (Problem(path, maxBytes, confineTo) is { } problem)
        {
            throw new ToolchainError($"{display}: {problem}", exitCode);
        }
    }

    /// <summary>The file's bytes after <see cref="Check"/>; reads at most <paramref name="maxBytes"/> even if the file grows meanwhile.</summary>
    public static byte[] ReadAllBytes(string path, string display, long maxBytes, string? confineTo = null, int exitCode = 2)
    {
        Check(path, display, maxBytes, confineTo, exitCode);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ToolchainError(string.Create(CultureInfo.InvariantCulture, $"{display}: grew above the limit of {maxBytes} bytes while being read"), exitCode);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The file as strict UTF-8 text (an optional BOM is dropped): invalid bytes and NUL characters are errors
    /// naming the line, since a lenient decoder would silently replace them and the text would no longer be the file.
    /// </summary>
    public static string ReadUtf8Text(string path, string display, long maxBytes, string? confineTo = null, int exitCode = 2)
    {
        var bytes = ReadAllBytes(path, display, maxBytes, confineTo, exitCode);
        return DecodeUtf8(bytes, display, exitCode);
    }

    /// <summary>Strict UTF-8 decoding of <paramref name="bytes"/> (see <see cref="ReadUtf8Text"/>).</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, string display, int exitCode = 2)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        string text;
        try
        {
            text = strict.GetString(bytes);
        }
        catch (DecoderFallbackException error)
        {
            var offset = Math.Clamp(error.Index, 0, bytes.Length);
            throw new ToolchainError($"{display}:{LineAt(bytes, offset)}: not valid UTF-8 (byte offset {offset})", exitCode);
        }
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            var line = 1 + text.AsSpan(0, nul).Count('\n');
            throw new ToolchainError($"{display}:{line}: contains a NUL character", exitCode);
        }
        return text;
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset) => 1 + bytes[..offset].Count((byte)'\n');

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
