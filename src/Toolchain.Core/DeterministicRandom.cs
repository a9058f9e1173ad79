namespace Toolchain.Core;

/// <summary>
/// SplitMix64: a tiny, fully specified generator, so splits and metric subsamples are identical on every platform and
/// .NET version (System.Random's algorithm is an implementation detail).
/// </summary>
public sealed class DeterministicRandom(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, bound) (bound &lt;= 2^32, the tiny modulo bias is irrelevant here).</summary>
    public int NextInt(int bound) => (int)(NextUInt64() % (ulong)bound);

    /// <summary>A uniformly shuffled 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var index = Enumerable.Range(0, n).ToArray();
        Shuffle(index);
        return index;
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>FNV-1a hash of a string, stable across processes (unlike string.GetHashCode).</summary>
    public static ulong StableHash(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }
        return hash;
    }
}
