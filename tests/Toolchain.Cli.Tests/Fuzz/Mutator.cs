using System.Text;

namespace Toolchain.Cli.Tests.Fuzz;

/// <summary>Seeded random mutations of a valid input: byte flips, line deletions and duplications, type changes, truncation.</summary>
public sealed class Mutator(int seed)
{
    private static readonly string[] OtherTypes =
        ["[1, 2]", "{a: 1}", "true", "-1", "0", "1e309", "-.inf", ".nan", "'x'", "~", "\"\"", "99999999999999999999", "&a x", "*missing", "!!binary AAAA", "[", "{", "\"\\u0000\"", "- a"];

    private readonly Random random = new(seed);

    public int Next(int max) => random.Next(max);

    /// <summary>One text mutation, named for the report.</summary>
    public (string Kind, string Text) MutateText(string text)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(6))
        {
            case 0:
                return ("byte flip", Encoding.UTF8.GetString(FlipBytes(Encoding.UTF8.GetBytes(text), 1 + random.Next(3))));
            case 1:
                lines.RemoveAt(random.Next(lines.Count));
                return ("line deletion", string.Join('\n', lines));
            case 2:
                var i = random.Next(lines.Count);
                lines.Insert(i, lines[i]);
                return ("line duplication", string.Join('\n', lines));
            case 3:
                var candidates = Enumerable.Range(0, lines.Count).Where(n => lines[n].Contains(": ", StringComparison.Ordinal)).ToList();
                if (candidates.Count == 0) goto case 1;
                var line = candidates[random.Next(candidates.Count)];
                var colon = lines[line].IndexOf(": ", StringComparison.Ordinal);
                lines[line] = lines[line][..(colon + 2)] + OtherTypes[random.Next(OtherTypes.Length)];
                return ("type change", string.Join('\n', lines));
            case 4:
                return ("truncation", text[..random.Next(text.Length)]);
            default:
                var at = random.Next(lines.Count);
                var indent = new string(' ', random.Next(6));
                lines.Insert(at, indent + OtherTypes[random.Next(OtherTypes.Length)] + (random.Next(2) == 0 ? ":" : ""));
                return ("line insertion", string.Join('\n', lines));
        }
    }

    public byte[] FlipBytes(byte[] bytes, int count, int from = 0, int? to = null)
    {
        var copy = (byte[])bytes.Clone();
        var end = Math.Min(to ?? copy.Length, copy.Length);
        if (end <= from) return copy;
        for (var n = 0; n < count; n++)
        {
            copy[from + random.Next(end - from)] ^= (byte)(1 << random.Next(8));
        }
        return copy;
    }

    public byte[] Truncate(byte[] bytes) => bytes[..random.Next(bytes.Length)];
}
