using Toolchain.Core;
using Toolchain.Pipeline.Hashing;

namespace Toolchain.Pipeline.Keys;

/// <summary>
/// A stage's cache key: SHA-256 (lowercase hex) of the compact canonical JSON of its
/// <see cref="StageKeyComponents"/>. Equal keys mean the stage would compute the same outputs.
/// </summary>
public readonly record struct CacheKey
{
    public CacheKey(string hex)
    {
        if (!Sha256Hex.IsValid(hex))
            throw new ToolchainError($"'{hex}' is not a cache key: expected 64 lowercase hex characters.", exitCode: 2);
        Hex = hex;
    }

    public string Hex { get; }

    /// <summary>First 12 hex characters, for messages; never for lookups.</summary>
    public string Short => Hex[..12];

    public static CacheKey Of(StageKeyComponents components) =>
        new(CanonicalJson.Digest(components.ToJson()));

    public static bool TryParse(string? text, out CacheKey key)
    {
        key = default;
        if (!Sha256Hex.IsValid(text)) return false;
        key = new CacheKey(text!);
        return true;
    }

    public override string ToString() => Hex;
}
