using Toolchain.Data.Procedural;

namespace Toolchain.Data.Tests.Procedural;

public class ProceduralMaskTests : IClassFixture<ProceduralSample>
{
    private readonly IReadOnlyList<ProceduralCase> _cases;

    public ProceduralMaskTests(ProceduralSample sample) => _cases = sample.Cases;

    [Fact]
    public void An_artifact_has_a_non_empty_mask_exactly_when_its_flag_is_set()
    {
        foreach (ProceduralCase c in _cases)
            foreach (ArtifactFlags artifact in ArtifactNames.All)
            {
                byte[]? mask = c.MaskOf(artifact);
                bool flagged = c.Labels.Has(artifact);
                Assert.True(flagged == (mask is not null), $"case {c.Index}: {artifact} flag {flagged}, mask present {mask is not null}");
                if (mask is not null)
                    Assert.True(mask.Any(p => p == 255), $"case {c.Index}: {artifact} mask is empty");
            }
    }

    [Fact]
    public void Masks_cover_the_image_exactly_and_are_binary()
    {
        foreach (ProceduralCase c in _cases)
        {
            Assert.Equal(32, c.Width);
            Assert.Equal(32, c.Height);
            Assert.Equal(32 * 32 * 3, c.Rgb.Length);
            foreach (byte[] mask in c.ArtifactMasks.Values.Append(c.LesionMask))
            {
                Assert.Equal(32 * 32, mask.Length);
                Assert.All(mask, p => Assert.True(p is 0 or 255));
            }
            Assert.Contains((byte)255, c.LesionMask);
        }
    }

    [Fact]
    public void Melanomas_are_larger_than_nevi_on_average()
    {
        double MeanArea(string diagnosis) => _cases.Where(c => c.Diagnosis == diagnosis)
            .Average(c => c.LesionMask.Count(p => p == 255));
        double melanoma = MeanArea(Diagnoses.Melanoma), nevus = MeanArea(Diagnoses.Nevus);
        Assert.True(melanoma > 2 * nevus, $"mean lesion area MEL {melanoma:F1} px vs NV {nevus:F1} px");
    }

    [Fact]
    public void Lesions_are_darker_than_the_surrounding_skin_on_every_skin_type()
    {
        foreach (ProceduralCase c in _cases)
        {
            var pixels = Enumerable.Range(0, c.Width * c.Height).ToArray();
            double lesion = pixels.Where(p => c.LesionMask[p] == 255 && c.ArtifactMasks.Values.All(m => m[p] == 0))
                .Select(p => ProceduralSample.Luma(c, p)).DefaultIfEmpty(double.NaN).Average();
            double skin = pixels.Where(p => ProceduralSample.IsPlainSkin(c, p)).Select(p => ProceduralSample.Luma(c, p)).Average();
            if (double.IsNaN(lesion)) continue; // lesion entirely under artifacts
            Assert.True(lesion < 0.8 * skin, $"case {c.Index} (type {c.Fitzpatrick}, {c.Diagnosis}): lesion luma {lesion:F0} vs skin {skin:F0}");
        }
    }

    [Fact]
    public void Pixels_under_the_ink_mask_are_purple()
    {
        int checkedCases = 0;
        foreach (ProceduralCase c in _cases.Where(c => c.Ink))
        {
            int[] ink = Enumerable.Range(0, c.Width * c.Height).Where(p => ProceduralSample.OnlyUnder(c, ArtifactFlags.Ink, p)).ToArray();
            if (ink.Length == 0) continue;
            double r = ink.Average(p => (double)c.Rgb[3 * p]), g = ink.Average(p => (double)c.Rgb[3 * p + 1]), b = ink.Average(p => (double)c.Rgb[3 * p + 2]);
            Assert.True(b > g + 20 && r > g + 10, $"case {c.Index}: mean ink colour ({r:F0}, {g:F0}, {b:F0}) is not purple");
            checkedCases++;
        }
        Assert.True(checkedCases > 50, $"only {checkedCases} cases had visible ink");
    }

    [Fact]
    public void Pixels_under_the_hair_mask_are_darker_than_plain_skin()
    {
        int checkedCases = 0;
        foreach (ProceduralCase c in _cases.Where(c => c.Hair))
        {
            var pixels = Enumerable.Range(0, c.Width * c.Height).ToArray();
            double[] hair = pixels.Where(p => ProceduralSample.OnlyUnder(c, ArtifactFlags.Hair, p) && c.LesionMask[p] == 0)
                .Select(p => ProceduralSample.Luma(c, p)).ToArray();
            if (hair.Length == 0) continue;
            double skin = pixels.Where(p => ProceduralSample.IsPlainSkin(c, p)).Average(p => ProceduralSample.Luma(c, p));
            Assert.True(hair.Average() < 0.7 * skin, $"case {c.Index} (type {c.Fitzpatrick}): hair luma {hair.Average():F0} vs skin {skin:F0}");
            checkedCases++;
        }
        Assert.True(checkedCases > 50, $"only {checkedCases} cases had visible hair");
    }

    [Fact]
    public void Gel_bubbles_are_brighter_and_dark_corners_darker_than_plain_skin()
    {
        foreach (ProceduralCase c in _cases.Where(c => c.GelBubble || c.DarkCorner))
        {
            var pixels = Enumerable.Range(0, c.Width * c.Height).ToArray();
            double skin = pixels.Where(p => ProceduralSample.IsPlainSkin(c, p)).Average(p => ProceduralSample.Luma(c, p));
            double MeanOnlyUnder(ArtifactFlags a) => pixels.Where(p => ProceduralSample.OnlyUnder(c, a, p) && c.LesionMask[p] == 0)
                .Select(p => ProceduralSample.Luma(c, p)).DefaultIfEmpty(double.NaN).Average();
            if (c.DarkCorner)
                Assert.True(MeanOnlyUnder(ArtifactFlags.DarkCorner) < 0.35 * skin, $"case {c.Index}: dark corner not dark");
            double bubble = c.GelBubble ? MeanOnlyUnder(ArtifactFlags.GelBubble) : double.NaN;
            if (!double.IsNaN(bubble))
                Assert.True(bubble > skin, $"case {c.Index}: bubble luma {bubble:F0} vs skin {skin:F0}");
        }
    }

    [Theory]
    [InlineData(16, 40)]
    [InlineData(45, 10)]
    public void Every_artifact_is_painted_even_at_tiny_or_odd_resolutions(int resolution, int cases)
    {
        var generator = new ProceduralDermoscopyGenerator(new ProceduralOptions
        {
            Seed = 3,
            Resolution = resolution,
            ArtifactRates = new ArtifactRates(1, 1, 1, 1, 1),
            DiagnosisMix = new DiagnosisMix(1, 1),
        });
        for (int i = 0; i < cases; i++)
        {
            ProceduralCase c = generator.Generate(i);
            Assert.Equal(resolution * resolution * 3, c.Rgb.Length);
            foreach (ArtifactFlags artifact in ArtifactNames.All)
                Assert.True(c.MaskOf(artifact)!.Contains((byte)255), $"case {i} at {resolution}px: {artifact} mask empty");
            Assert.Contains((byte)255, c.LesionMask);
        }
    }
}
