using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Splits;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Splits;

public sealed class SplitPlannerTests
{
    /// <summary>600 records in groups of 1-5 (lesions with several images), three diagnoses of unequal size.</summary>
    private static List<CanonicalRecord> Grouped()
    {
        var records = new List<CanonicalRecord>();
        var random = new DeterministicRandom(42);
        var group = 0;
        while (records.Count < 600)
        {
            var size = 1 + random.NextInt(5);
            var diagnosis = (group % 10) switch { < 6 => "NV", < 9 => "MEL", _ => "BCC" };
            for (var i = 0; i < size; i++)
            {
                records.Add(Records.Make($"img_{records.Count:D4}", diagnosis, group: $"lesion_{group}"));
            }
            group++;
        }
        return records;
    }

    [Fact]
    public void NoGroupCrossesSplitsAndJudgeSharesNoGroupWithTraining()
    {
        var split = SplitPlanner.Assign(Grouped(), SplitSettings.Default);
        Imports.AssertNoGroupCrossesSplits(split);
        var judgeGroups = split.Where(r => r.Split == "judge").Select(r => r.GroupId).ToHashSet();
        Assert.NotEmpty(judgeGroups);
        Assert.DoesNotContain(split.Where(r => r.Split is "train" or "val"), r => judgeGroups.Contains(r.GroupId));
    }

    [Fact]
    public void FractionsAreCloseOverallAndPerDiagnosis()
    {
        var records = Grouped();
        var split = SplitPlanner.Assign(records, SplitSettings.Default with { Fractions = new SplitFractions(0.6, 0.1, 0.15, 0.15) });
        foreach (var diagnosis in new[] { "NV", "MEL", "BCC" })
        {
            var ofDiagnosis = split.Where(r => r.Diagnosis == diagnosis).ToList();
            foreach (var (name, fraction) in new[] { ("train", 0.6), ("val", 0.1), ("test", 0.15), ("judge", 0.15) })
            {
                var share = (double)ofDiagnosis.Count(r => r.Split == name) / ofDiagnosis.Count;
                // Groups of up to 5 records make exact shares impossible; a few records of slack per stratum.
                Assert.InRange(share, fraction - 0.06, fraction + 0.06);
            }
        }
        Assert.Equal(records.Count, split.Count);
    }

    [Fact]
    public void DeterministicBySeedAndIndependentOfInputOrder()
    {
        var records = Grouped();
        var first = SplitPlanner.Assign(records, SplitSettings.Default with { Seed = 7 });
        var reversed = SplitPlanner.Assign(records.AsEnumerable().Reverse().ToList(), SplitSettings.Default with { Seed = 7 });
        var otherSeed = SplitPlanner.Assign(records, SplitSettings.Default with { Seed = 8 });
        Assert.Equal(first, reversed);
        Assert.NotEqual(first.Select(r => r.Split), otherSeed.Select(r => r.Split));
    }

    [Fact]
    public void OfficialSplitIsKeptAndJudgeIsCarvedFromTest()
    {
        var records = Enumerable.Range(0, 40).Select(i => Records.Make($"r{i:D2}", i % 2 == 0 ? "MEL" : "NV",
            split: i < 24 ? "train" : i < 28 ? "val" : "test")).ToList();
        var split = SplitPlanner.Assign(records, SplitSettings.Default);
        Assert.Equal(records.Take(28).Select(r => r.Split), split.Take(28).Select(r => r.Split));
        Assert.Equal(6, split.Count(r => r.Split == "test"));
        Assert.Equal(6, split.Count(r => r.Split == "judge"));

        var ignored = SplitPlanner.Assign(records, SplitSettings.Default with { KeepOfficialSplit = false });
        Assert.NotEqual(records.Select(r => r.Split), ignored.Select(r => r.Split));
    }

    [Fact]
    public void InvalidFractionsAreRejected()
    {
        Assert.Equal(2, Assert.Throws<Toolchain.Core.ToolchainError>(() => new SplitFractions(0.5, 0.2, 0.2, 0.2)).ExitCode);
        Assert.Throws<Toolchain.Core.ToolchainError>(() => new SplitFractions(0, 0.5, 0.5, 0));
        Assert.Throws<Toolchain.Core.ToolchainError>(() => new SplitFractions(1.1, -0.1, 0, 0));
    }
}
