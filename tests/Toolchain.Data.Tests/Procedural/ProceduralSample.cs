using Toolchain.Data.Procedural;

namespace Toolchain.Data.Tests.Procedural;

/// <summary>A few hundred small cases, every label about equally likely, generated once and shared by the mask tests.</summary>
public sealed class ProceduralSample
{
    public const int Count = 200;

    public static ProceduralOptions Options { get; } = new()
    {
        Seed = 11,
        Resolution = 32,
        DiagnosisMix = new DiagnosisMix(1, 1),
        ArtifactRates = new ArtifactRates(0.5, 0.5, 0.5, 0.5, 0.5),
        FitzpatrickWeights = [1, 1, 1, 1, 1, 1],
    };

    public ProceduralSample()
    {
        var generator = new ProceduralDermoscopyGenerator(Options);
        var cases = new ProceduralCase[Count];
        Parallel.For(0, Count, i => cases[i] = generator.Generate(i));
        Cases = cases;
    }

    public IReadOnlyList<ProceduralCase> Cases { get; }

    public static double Luma(ProceduralCase c, int pixel) =>
        0.299 * c.Rgb[3 * pixel] + 0.587 * c.Rgb[3 * pixel + 1] + 0.114 * c.Rgb[3 * pixel + 2];

    /// <summary>Pixels covered by no artifact and not by the lesion: plain skin.</summary>
    public static bool IsPlainSkin(ProceduralCase c, int pixel) =>
        c.LesionMask[pixel] == 0 && c.ArtifactMasks.Values.All(m => m[pixel] == 0);

    /// <summary>Pixels covered by the given artifact and by no other artifact.</summary>
    public static bool OnlyUnder(ProceduralCase c, ArtifactFlags artifact, int pixel) =>
        c.ArtifactMasks.All(kv => (kv.Value[pixel] != 0) == (kv.Key == artifact));
}
