namespace Toolchain.Rl.Training;

/// <summary>
/// Each epoch's generator seed is a hash of (base seed, epoch), so a resumed run draws exactly the
/// numbers an uninterrupted run would without saving generator state.
/// </summary>
public static class EpochSeeds
{
    public static ulong For(ulong baseSeed, int epoch)
    {
        // SplitMix64 finaliser over the pair; distinct epochs give decorrelated seeds.
        ulong z = baseSeed + 0x9E3779B97F4A7C15UL * (ulong)(epoch + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
