using System.Security.Cryptography;
using System.Text;

namespace Toolchain.Diffusion.Training;

/// <summary>
/// Derives independent generator seeds from a base seed and a path of parts (epoch numbers, subgroup names,
/// image indices), so that any one image or epoch can be reproduced without replaying the others.
/// SHA-256 of the parts' canonical text: stable across processes, platforms and .NET versions.
/// </summary>
public static class SeedDerivation
{
    public static ulong Derive(long seed, params object[] parts)
    {
        var text = new StringBuilder(seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var part in parts)
        {
            text.Append('/');
            text.Append(part switch
            {
                string s => "s:" + s,
                int i => "i:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                long l => "i:" + l.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"seed parts are strings or integers, got {part.GetType().Name}", nameof(parts)),
            });
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        // 63 bits, so the seed prints and parses as a non-negative long everywhere.
        return BitConverter.ToUInt64(hash, 0) & 0x7FFF_FFFF_FFFF_FFFFUL;
    }
}
