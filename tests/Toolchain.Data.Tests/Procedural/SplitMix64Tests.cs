using Toolchain.Data.Procedural;

namespace Toolchain.Data.Tests.Procedural;

public class SplitMix64Tests
{
    [Fact]
    public void Matches_the_published_reference_sequence_for_seed_1234567()
    {
        var rng = new SplitMix64(1234567);
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        foreach (ulong value in expected)
            Assert.Equal(value, rng.NextUInt64());
    }

    [Fact]
    public void NextInt_stays_in_range_and_reaches_both_ends()
    {
        var rng = new SplitMix64(7);
        var seen = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            int value = rng.NextInt(-3, 4);
            Assert.InRange(value, -3, 3);
            seen.Add(value);
        }
        Assert.Equal(7, seen.Count);
    }

    [Fact]
    public void NextDouble_is_in_unit_interval_with_mean_near_half()
    {
        var rng = new SplitMix64(99);
        double sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            double value = rng.NextDouble();
            Assert.InRange(value, 0.0, 0.9999999999999999);
            sum += value;
        }
        Assert.InRange(sum / 10_000, 0.49, 0.51);
    }

    [Fact]
    public void Derived_seeds_differ_by_parent_and_key()
    {
        var seeds = new HashSet<ulong>();
        for (ulong parent = 0; parent < 20; parent++)
            for (ulong key = 0; key < 50; key++)
                seeds.Add(SplitMix64.Derive(parent, key));
        Assert.Equal(1000, seeds.Count);
    }

    [Fact]
    public void Categorical_never_picks_zero_weights()
    {
        var rng = new SplitMix64(3);
        double[] weights = [0, 1, 0, 2];
        var counts = new int[4];
        for (int i = 0; i < 3000; i++) counts[rng.Categorical(weights)]++;
        Assert.Equal(0, counts[0]);
        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[3] / (double)counts[1], 1.7, 2.3);
    }
}
