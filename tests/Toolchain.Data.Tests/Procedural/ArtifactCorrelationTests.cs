using Toolchain.Core;
using Toolchain.Data.Procedural;

namespace Toolchain.Data.Tests.Procedural;

public class ArtifactCorrelationTests
{
    private const int Draws = 4000;

    private static readonly ProceduralOptions Independent = new()
    {
        Seed = 31,
        DiagnosisMix = new DiagnosisMix(0.4, 0.6),
        ArtifactRates = new ArtifactRates(Hair: 0.3, GelBubble: 0.3, Ruler: 0.2, Ink: 0.3, DarkCorner: 0.15),
    };

    private static List<CaseLabels> Sample(ProceduralOptions options) =>
        Enumerable.Range(0, Draws).Select(new ProceduralDermoscopyGenerator(options).SampleLabels).ToList();

    private static double MelanomaShare(IEnumerable<CaseLabels> labels)
    {
        var list = labels.ToList();
        return list.Count(l => l.IsMelanoma) / (double)list.Count;
    }

    [Fact]
    public void A_correlated_artifact_sets_the_diagnosis_of_the_cases_that_show_it()
    {
        var options = Independent with
        {
            ArtifactCorrelations = [new(ArtifactFlags.Ink, MelanomaProbability: 0.1), new(ArtifactFlags.GelBubble, MelanomaProbability: 0.9)],
        };
        List<CaseLabels> labels = Sample(options);

        // About 1200 ink cases: four standard errors of a share near 0.1 is under 0.04.
        Assert.Equal(0.1, MelanomaShare(labels.Where(l => l.Has(ArtifactFlags.Ink))), 0.04);
        // Gel bubble decides only where ink is absent (ink is listed first).
        Assert.Equal(0.9, MelanomaShare(labels.Where(l => l.Has(ArtifactFlags.GelBubble) && !l.Has(ArtifactFlags.Ink))), 0.04);
        Assert.Equal(0.1, MelanomaShare(labels.Where(l => l.Has(ArtifactFlags.GelBubble) && l.Has(ArtifactFlags.Ink))), 0.06);
        // Cases without a correlated artifact keep the diagnosis mix.
        Assert.Equal(0.4, MelanomaShare(labels.Where(l => !l.Has(ArtifactFlags.GelBubble) && !l.Has(ArtifactFlags.Ink))), 0.05);
        // Without correlations the same shares follow the mix.
        List<CaseLabels> independent = Sample(Independent);
        Assert.Equal(0.4, MelanomaShare(independent.Where(l => l.Has(ArtifactFlags.Ink))), 0.06);
    }

    [Fact]
    public void Correlations_leave_artifacts_and_uncorrelated_cases_as_they_were()
    {
        var correlated = Sample(Independent with { ArtifactCorrelations = [new(ArtifactFlags.Ink, 0.0)] });
        var independent = Sample(Independent);
        for (int i = 0; i < Draws; i++)
        {
            Assert.Equal(independent[i].Artifacts, correlated[i].Artifacts);
            if (!independent[i].Has(ArtifactFlags.Ink))
                Assert.Equal(independent[i], correlated[i]);
            else
                Assert.False(correlated[i].IsMelanoma);
        }
    }

    [Fact]
    public void Rare_combinations_thin_after_correlations()
    {
        var options = Independent with
        {
            ArtifactCorrelations = [new(ArtifactFlags.Ink, 1.0)],
            RareCombinations = [RareCombination.Containing(Diagnoses.Melanoma, ArtifactFlags.Ink, keepRate: 0)],
        };
        Assert.DoesNotContain(Sample(options), l => l.Has(ArtifactFlags.Ink));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void An_out_of_range_probability_is_refused(double probability)
    {
        var options = Independent with { ArtifactCorrelations = [new(ArtifactFlags.Ink, probability)] };
        var error = Assert.Throws<ToolchainError>(() => new ProceduralDermoscopyGenerator(options));
        Assert.Contains("ArtifactCorrelations[0] (ink)", error.Message);
    }

    [Fact]
    public void An_artifact_listed_twice_or_a_combined_flag_is_refused()
    {
        Assert.Contains("listed twice", Assert.Throws<ToolchainError>(() => new ProceduralDermoscopyGenerator(
            Independent with { ArtifactCorrelations = [new(ArtifactFlags.Ink, 0.1), new(ArtifactFlags.Ink, 0.2)] })).Message);
        Assert.Contains("exactly one artifact", Assert.Throws<ToolchainError>(() => new ProceduralDermoscopyGenerator(
            Independent with { ArtifactCorrelations = [new(ArtifactFlags.Ink | ArtifactFlags.Hair, 0.1)] })).Message);
    }
}
