using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;
using Toolchain.Data.Subgroups;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Subgroups;

public sealed class SubgroupAndQuotaTests
{
    private static SubgroupDefinition Subgroup(string name, params (string Field, string[] Values)[] predicates) =>
        new(name, predicates.ToDictionary(p => p.Field, p => (IReadOnlyList<string>)p.Values));

    private static readonly List<CanonicalRecord> Train =
    [
        Records.Make("a", "MEL", "train", hair: true, gelBubble: false, ruler: false, ink: true),
        Records.Make("b", "MEL", "train", hair: false, gelBubble: false, ruler: false, ink: true),
        Records.Make("c", "NV", "train", hair: false, gelBubble: false, ruler: false, ink: false) with { Fitzpatrick = FitzpatrickRange.Single(5) },
        Records.Make("d", "NV", "train", hair: false, gelBubble: false, ruler: false, ink: false) with { Fitzpatrick = new FitzpatrickRange(5, 6) },
        Records.Make("e", "NV", "train", ink: null) with { Fitzpatrick = new FitzpatrickRange(4, 5) },
        Records.Make("f", "MEL", "test", ink: true),
    ];

    [Fact]
    public void PredicatesMatchRecordsAndUnknownValuesNeverMatch()
    {
        var melInk = Subgroup("mel-ink", ("diagnosis", ["MEL"]), ("ink", ["1"]));
        Assert.Equal(["a", "b", "f"], Train.Where(melInk.Matches).Select(r => r.Id));
        var noInk = Subgroup("no-ink", ("ink", ["0"]));
        Assert.Equal(["c", "d"], Train.Where(noInk.Matches).Select(r => r.Id));
        var darkSkin = Subgroup("fitz-5-6", ("fitzpatrick", ["5", "6"]));
        Assert.Equal(["c", "d"], Train.Where(darkSkin.Matches).Select(r => r.Id)); // 4-5 is not inside V-VI
        var older = Subgroup("older", ("age", ["60-90"]));
        Assert.True(older.Matches(Train[0] with { Age = 70 }));
        Assert.False(older.Matches(Train[0] with { Age = 50 }));
        Assert.False(older.Matches(Train[0]));
    }

    [Fact]
    public void InvalidDefinitionsNameTheSubgroup()
    {
        var errors = Subgroup("odd", ("colour", ["red"]), ("diagnosis", ["MELANOMA"]), ("ink", ["yes"]), ("fitzpatrick", ["7"])).Validate();
        Assert.Equal(
            ["subgroup 'odd': unknown field 'colour' (fields: diagnosis, hair, gel_bubble, ruler, ink, dark_corner, gel_border, patches, vasc, fitzpatrick, site, sex, age, source)",
             "subgroup 'odd': 'MELANOMA' is not a valid diagnosis value",
             "subgroup 'odd': '7' is not a valid fitzpatrick value",
             "subgroup 'odd': 'yes' is not a valid ink value"],
            errors);
    }

    [Fact]
    public void RareSubgroupsAreCellsBelowTheThresholdIncludingEmptyOnes()
    {
        var records = Records.Rl4MedLike().Select(r => r with { Split = "train" }).ToList();
        var rare = RareSubgroupDetector.Detect(records, PromptTemplate.Rl4Med);
        // Cells by artifact count: MEL 40 / 12 / 3 / 1 / 0, NV 120 / 36 / 9 / 3 / 0. Below 20: MEL 4+6+4+1, NV 6+4+1.
        Assert.Equal(26, rare.Count);
        Assert.Contains(rare, r => r.Definition.Name == "rare-MEL-hair-gel-bubble-ruler-ink" && r.Count == 0);
        Assert.Contains(rare, r => r.Definition.Name == "rare-NV-hair-ink" && r.Count == 9);
        Assert.DoesNotContain(rare, r => r.Definition.Name == "rare-NV-hair");
        Assert.Equal(22, RareSubgroupDetector.Detect(records, PromptTemplate.Rl4Med, threshold: 10).Count);
        Assert.DoesNotContain(RareSubgroupDetector.Detect(records, PromptTemplate.Rl4Med, split: "val"), r => r.Count > 0);
    }

    [Fact]
    public void QuotasGiveCountsFromTheTrainSplit()
    {
        SubgroupDefinition[] subgroups =
        [
            Subgroup("mel-ink", ("diagnosis", ["MEL"]), ("ink", ["1"])),
            Subgroup("nv-clean", ("diagnosis", ["NV"]), ("ink", ["0"])),
            Subgroup("dark", ("fitzpatrick", ["5", "6"])),
            Subgroup("no-quota", ("diagnosis", ["NV"])),
            Subgroup("empty-fill", ("diagnosis", ["BCC"])),
        ];
        QuotaRule[] quotas = [new("mel-ink", Count: 10), new("nv-clean", FillTo: 5), new("dark", Ratio: 1.5), new("empty-fill", FillTo: 4)];
        var plan = QuotaPlanner.Plan(subgroups, quotas, Train, maxBudget: 100);
        Assert.Equal(
            [("mel-ink", 2, 10), ("nv-clean", 2, 3), ("dark", 2, 3), ("no-quota", 3, 0), ("empty-fill", 0, 4)],
            plan.Subgroups.Select(q => (q.Subgroup.Name, q.RealCount, q.Synthetic)));
        Assert.Equal(20, plan.TotalSynthetic);
        Assert.Equal(0, QuotaPlanner.Plan(subgroups, [new("nv-clean", FillTo: 1)], Train).Find("nv-clean")!.Synthetic);
    }

    [Fact]
    public void ImpossibleQuotasAreAllReportedBeforeAnyStage()
    {
        SubgroupDefinition[] subgroups =
        [
            Subgroup("mel-ink", ("diagnosis", ["MEL"]), ("ink", ["1"])),
            Subgroup("bcc", ("diagnosis", ["BCC"])),
            Subgroup("nv", ("diagnosis", ["NV"])),
            Subgroup("nv", ("diagnosis", ["NV"])),
            Subgroup("both", ("diagnosis", ["MEL"])),
        ];
        QuotaRule[] quotas =
        [
            new("mel-ink", Count: -3),
            new("bcc", Ratio: 2),
            new("ghost", Count: 1),
            new("both", Count: 1, FillTo: 2),
            new("nv", Count: 5000),
        ];
        var error = Assert.Throws<ToolchainError>(() => QuotaPlanner.Plan(subgroups, quotas, Train, maxBudget: 1000));
        Assert.Equal(2, error.ExitCode);
        Assert.Equal(
            """
            subgroup quotas are invalid (6 problems):
              subgroup 'nv' is defined 2 times
              quota names undefined subgroup 'ghost'
              quota for 'mel-ink': count -3 is negative
              quota for 'bcc': ratio 2 of 0 real images in split 'train' is always 0; use count or fill_to
              quota for 'both' must give exactly one of count, fill_to, ratio (it gives 2)
              quotas ask for 10000 synthetic images in total, above the budget of 1000: nv 5000, nv 5000
            """.Replace("\r", ""),
            error.Message);
    }

    [Fact]
    public void QuotaWithoutAMatchingPromptCannotBeSampled()
    {
        var plan = QuotaPlanner.Plan([Subgroup("bcc", ("diagnosis", ["BCC"]))], [new("bcc", Count: 3)], Train);
        var error = Assert.Throws<ToolchainError>(() => PromptAllocation.Allocate(plan, PromptTemplate.Rl4Med));
        Assert.Contains("no prompt of template 'rl4med' describes it", error.Message);
    }

    [Fact]
    public void QuotaIsSpreadEvenlyOverCompatiblePrompts()
    {
        var plan = QuotaPlanner.Plan([Subgroup("mel-ink", ("diagnosis", ["MEL"]), ("ink", ["1"]))], [new("mel-ink", Count: 10)], Train);
        var allocation = PromptAllocation.Allocate(plan, PromptTemplate.Rl4Med);
        var shares = allocation.BySubgroup["mel-ink"];
        Assert.Equal(8, shares.Count); // MEL with ink: 2^3 subsets of the other artifacts
        Assert.Equal([2, 2, 1, 1, 1, 1, 1, 1], shares.Select(s => s.Synthetic));
        Assert.Equal("a dermoscopic image with melanoma (MEL) showing ink", shares[0].Prompt);
        Assert.Equal(10, allocation.Prompts.Sum(p => p.Synthetic));
    }
}
