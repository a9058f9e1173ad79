using ApprovalTests;
using ApprovalTests.Reporters;
using Toolchain.Data.Prompts;
using Toolchain.Data.Splits;
using Toolchain.Data.Subgroups;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Subgroups;

[UseReporter(typeof(QuietReporter))]
public sealed class PromptCatalogTests
{
    /// <summary>The listing `toolchain prompts` prints, for an RL4Med-like dataset with hand-written and rare subgroups.</summary>
    [Fact]
    public void Rl4MedListing()
    {
        var records = SplitPlanner.Assign(Records.Rl4MedLike(), SplitSettings.Default with { Seed = 3 });
        var template = PromptTemplate.Rl4Med;
        var rare = RareSubgroupDetector.Detect(records, template);
        List<SubgroupDefinition> subgroups =
        [
            new("mel-ink", new Dictionary<string, IReadOnlyList<string>> { ["diagnosis"] = ["MEL"], ["ink"] = ["1"] }),
            new("nv-ruler", new Dictionary<string, IReadOnlyList<string>> { ["diagnosis"] = ["NV"], ["ruler"] = ["1"] }),
            new("hair", new Dictionary<string, IReadOnlyList<string>> { ["hair"] = ["1"] }),
            .. rare.Select(r => r.Definition),
        ];
        List<QuotaRule> quotas =
        [
            new("mel-ink", Count: 50),
            new("nv-ruler", FillTo: 100),
            new("hair", Ratio: 0.25),
            .. rare.Select(r => new QuotaRule(r.Definition.Name, FillTo: RareSubgroupDetector.DefaultThreshold)),
        ];
        var plan = QuotaPlanner.Plan(subgroups, quotas, records, maxBudget: 2000);

        Approvals.Verify(PromptCatalog.Build(records, template, plan).Render());
    }
}
