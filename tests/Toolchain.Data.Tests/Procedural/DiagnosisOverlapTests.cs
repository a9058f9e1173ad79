using Toolchain.Core;
using Toolchain.Data.Procedural;
using Toolchain.Data.Procedural.Rendering;

namespace Toolchain.Data.Tests.Procedural;

public class DiagnosisOverlapTests
{
    private const int Cases = 160;

    private static readonly ProceduralOptions Apart = new()
    {
        Seed = 77,
        Resolution = 32,
        DiagnosisMix = new DiagnosisMix(1, 1),
    };

    /// <summary>Mean lesion area (mask pixels) of melanomas and of nevi.</summary>
    private static (double Melanoma, double Nevus) MeanLesionArea(ProceduralOptions options)
    {
        var generator = new ProceduralDermoscopyGenerator(options);
        var cases = new ProceduralCase[Cases];
        Parallel.For(0, Cases, i => cases[i] = generator.Generate(i));
        double Area(ProceduralCase c) => c.LesionMask.Count(b => b != 0);
        return (cases.Where(c => c.Labels.IsMelanoma).Average(Area), cases.Where(c => !c.Labels.IsMelanoma).Average(Area));
    }

    [Fact]
    public void Overlap_brings_the_diagnoses_appearance_together_without_changing_labels()
    {
        var apart = MeanLesionArea(Apart);
        var overlapping = MeanLesionArea(Apart with { DiagnosisOverlap = 1 });
        // Apart, melanomas are drawn far larger (radius 0.17-0.28 vs 0.085-0.17); at full overlap both span one range.
        Assert.True(apart.Melanoma > 2 * apart.Nevus, $"apart: MEL {apart.Melanoma:F0} vs NV {apart.Nevus:F0} pixels");
        Assert.True(Math.Abs(overlapping.Melanoma - overlapping.Nevus) < 0.3 * overlapping.Nevus,
            $"overlap 1: MEL {overlapping.Melanoma:F0} vs NV {overlapping.Nevus:F0} pixels");

        var a = new ProceduralDermoscopyGenerator(Apart);
        var b = new ProceduralDermoscopyGenerator(Apart with { DiagnosisOverlap = 0.5 });
        for (int i = 0; i < 50; i++)
            Assert.Equal(a.SampleLabels(i), b.SampleLabels(i));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void A_look_stays_within_its_diagnosis_share(double overlap)
    {
        for (ulong seed = 0; seed < 200; seed++)
        {
            var melanoma = new CaseLabels(Diagnoses.Melanoma, 2, ArtifactFlags.None, "back", 50, "male");
            var nevus = melanoma with { Diagnosis = Diagnoses.Nevus };
            Assert.InRange(CaseRenderer.LookOf(melanoma, overlap, new SplitMix64(seed)), 1 - overlap, 1);
            Assert.InRange(CaseRenderer.LookOf(nevus, overlap, new SplitMix64(seed)), 0, overlap);
        }
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    public void An_overlap_outside_0_to_1_is_refused(double overlap)
    {
        var error = Assert.Throws<ToolchainError>(() => new ProceduralDermoscopyGenerator(Apart with { DiagnosisOverlap = overlap }));
        Assert.Contains("DiagnosisOverlap", error.Message);
    }
}
