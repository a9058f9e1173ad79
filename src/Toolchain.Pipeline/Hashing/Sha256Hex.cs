using System.Security.Cryptography;
using System.Text;

namespace Toolchain.Pipeline.Hashing;

/// <summary>SHA-256 digests as 64 lowercase hex characters, the form used in keys and manifests.</summary>
public static class Sha256Hex
{
    public const int Length = 64;

    public static string OfBytes(ReadOnlySpan<byte> bytes) =>
        Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Digest of the UTF-8 encoding of <paramref name="text"/> (no BOM).</summary>
    public static string OfString(string text) => OfBytes(Encoding.UTF8.GetBytes(text));

    /// <summary>Streams the file, so large outputs (weights, image folders) are not loaded whole.</summary>
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read,
            bufferSize: 1 << 16, FileOptions.SequentialScan);
        return OfStream(stream);
    }

    public static string OfStream(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));

    /// <summary>True for exactly 64 lowercase hex characters.</summary>
    public static bool IsValid(string? digest) =>
        digest is { Length: Length } && digest.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
