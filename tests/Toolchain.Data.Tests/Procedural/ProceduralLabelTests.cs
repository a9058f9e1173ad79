using Toolchain.Core;
using Toolchain.Data.Procedural;

namespace Toolchain.Data.Tests.Procedural;

public class ProceduralLabelTests
{
    private const int Draws = 3000;

    private static List<CaseLabels> Sample(ProceduralOptions options) =>
        Enumerable.Range(0, Draws).Select(new ProceduralDermoscopyGenerator(options).SampleLabels).ToList();

    [Fact]
    public void Label_frequencies_follow_the_configured_rates()
    {
        var options = new ProceduralOptions
        {
            Seed = 21,
            DiagnosisMix = new DiagnosisMix(0.3, 0.7),
            ArtifactRates = new ArtifactRates(Hair: 0.4, GelBubble: 0.1, Ruler: 0.25, Ink: 0.05, DarkCorner: 0.6),
            FitzpatrickWeights = [1, 2, 3, 0, 2, 2],
        };
        List<CaseLabels> labels = Sample(options);

        // Four standard errors of a binomial share at 3000 draws is at most 0.037.
        Assert.Equal(0.3, labels.Count(l => l.IsMelanoma) / (double)Draws, 0.035);
        foreach (ArtifactFlags artifact in ArtifactNames.All)
            Assert.Equal(options.ArtifactRates.RateOf(artifact), labels.Count(l => l.Has(artifact)) / (double)Draws, 0.035);
        double[] expectedTypes = [0.1, 0.2, 0.3, 0.0, 0.2, 0.2];
        for (int type = 1; type <= 6; type++)
            Assert.Equal(expectedTypes[type - 1], labels.Count(l => l.Fitzpatrick == type) / (double)Draws, 0.035);
    }

    [Fact]
    public void Metadata_is_plausible_and_melanoma_patients_are_older()
    {
        List<CaseLabels> labels = Sample(new ProceduralOptions { Seed = 4, DiagnosisMix = new DiagnosisMix(1, 1) });
        Assert.All(labels, l =>
        {
            Assert.InRange(l.AgeApprox, 5, 85);
            Assert.Equal(0, l.AgeApprox % 5);
            Assert.Contains(l.Sex, new[] { "male", "female" });
            Assert.False(string.IsNullOrWhiteSpace(l.AnatomSite));
        });
        double melanomaAge = labels.Where(l => l.IsMelanoma).Average(l => l.AgeApprox);
        double nevusAge = labels.Where(l => !l.IsMelanoma).Average(l => l.AgeApprox);
        Assert.True(melanomaAge > nevusAge + 8, $"mean age MEL {melanomaAge:F1} vs NV {nevusAge:F1}");
    }

    [Fact]
    public void Rare_combination_rules_make_their_combination_rare_and_leave_others_common()
    {
        var baseOptions = new ProceduralOptions
        {
            Seed = 8,
            DiagnosisMix = new DiagnosisMix(1, 1),
            ArtifactRates = new ArtifactRates(0.5, 0.5, 0.5, 0.5, 0.5),
        };
        var rule = RareCombination.Containing(Diagnoses.Melanoma, ArtifactFlags.Ink, keepRate: 0.05);
        List<CaseLabels> without = Sample(baseOptions);
        List<CaseLabels> with = Sample(baseOptions with { RareCombinations = [rule] });

        int melanomaInkBefore = without.Count(rule.Matches), melanomaInkAfter = with.Count(rule.Matches);
        Assert.InRange(melanomaInkBefore, 650, 850);                 // about a quarter
        Assert.InRange(melanomaInkAfter, 1, 0.035 * Draws);          // 0.05 / 0.76 of a quarter: about 1.6 %
        Assert.InRange(with.Count(l => !l.IsMelanoma && l.Has(ArtifactFlags.Ink)), 850, 1150); // renormalised third
    }

    [Fact]
    public void A_subgroup_rule_can_push_a_common_subgroup_under_twenty_cases_as_in_isic()
    {
        var rule = RareCombination.Subgroup(Diagnoses.Nevus, ArtifactFlags.None, keepRate: 0.01);
        var options = new ProceduralOptions { Seed = 13, RareCombinations = [rule] };
        int common = Sample(options with { RareCombinations = [] }).Count(rule.Matches);
        int rare = Sample(options).Count(rule.Matches);
        Assert.True(common > 400, $"subgroup had only {common} cases without the rule");
        Assert.InRange(rare, 0, 19);
    }

    [Fact]
    public void Subgroup_matches_exactly_the_prompt_artifacts_and_ignores_dark_corner()
    {
        var rule = RareCombination.Subgroup(Diagnoses.Melanoma, ArtifactFlags.Hair | ArtifactFlags.Ruler, 0.1);
        CaseLabels Labels(string dx, ArtifactFlags a) => new(dx, 2, a, "anterior torso", 50, "male");
        Assert.True(rule.Matches(Labels("MEL", ArtifactFlags.Hair | ArtifactFlags.Ruler)));
        Assert.True(rule.Matches(Labels("MEL", ArtifactFlags.Hair | ArtifactFlags.Ruler | ArtifactFlags.DarkCorner)));
        Assert.False(rule.Matches(Labels("MEL", ArtifactFlags.Hair | ArtifactFlags.Ruler | ArtifactFlags.Ink)));
        Assert.False(rule.Matches(Labels("MEL", ArtifactFlags.Hair)));
        Assert.False(rule.Matches(Labels("NV", ArtifactFlags.Hair | ArtifactFlags.Ruler)));
        Assert.Equal("MEL+hair+ruler", rule.Name);
        Assert.Throws<ArgumentException>(() => RareCombination.Subgroup("MEL", ArtifactFlags.DarkCorner, 0.5));
    }

    [Fact]
    public void Rules_that_reject_everything_fail_with_a_clear_error()
    {
        var options = new ProceduralOptions { RareCombinations = [new RareCombination("all", _ => true, 0)] };
        var error = Assert.Throws<ToolchainError>(() => new ProceduralDermoscopyGenerator(options).SampleLabels(0));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("RareCombinations", error.Message);
    }

    public static TheoryData<ProceduralOptions, string> InvalidOptions => new()
    {
        { new ProceduralOptions { Resolution = 15 }, "Resolution" },
        { new ProceduralOptions { Resolution = 513 }, "Resolution" },
        { new ProceduralOptions { DiagnosisMix = new DiagnosisMix(-1, 1) }, "DiagnosisMix.Melanoma" },
        { new ProceduralOptions { DiagnosisMix = new DiagnosisMix(0, 0) }, "DiagnosisMix" },
        { new ProceduralOptions { ArtifactRates = ArtifactRates.Default with { Ink = 1.5 } }, "ArtifactRates.ink" },
        { new ProceduralOptions { ArtifactRates = ArtifactRates.Default with { Hair = double.NaN } }, "ArtifactRates.hair" },
        { new ProceduralOptions { FitzpatrickWeights = [1, 1, 1, 1, 1] }, "FitzpatrickWeights" },
        { new ProceduralOptions { FitzpatrickWeights = [1, 1, -1, 1, 1, 1] }, "FitzpatrickWeights[2]" },
        { new ProceduralOptions { RareCombinations = [RareCombination.Containing("MEL", ArtifactFlags.Ink, 1.2)] }, "KeepRate" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_rejected_naming_the_option(ProceduralOptions options, string key)
    {
        var error = Assert.Throws<ToolchainError>(() => new ProceduralDermoscopyGenerator(options));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains(key, error.Message);
    }
}
