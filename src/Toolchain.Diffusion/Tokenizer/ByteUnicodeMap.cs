namespace Toolchain.Diffusion.Tokenizer;

/// <summary>
/// The reversible byte-to-character table of byte-level BPE (GPT-2 / CLIP): printable Latin-1 bytes map to
/// themselves, the remaining 68 bytes to code points from 256 upward, so every byte string becomes a
/// string of visible characters the merges can operate on.
/// </summary>
internal static class ByteUnicodeMap
{
    public static readonly char[] ByteToChar = Build();

    public static readonly IReadOnlyDictionary<char, byte> CharToByte =
        ByteToChar.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    private static char[] Build()
    {
        var map = new char[256];
        var kept = new bool[256];
        foreach (var (from, to) in new[] { ('!', '~'), ('¡', '¬'), ('®', 'ÿ') })
        {
            for (int b = from; b <= to; b++)
            {
                kept[b] = true;
            }
        }
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            map[b] = kept[b] ? (char)b : (char)(256 + next++);
        }
        return map;
    }
}
