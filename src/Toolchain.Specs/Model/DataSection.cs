namespace Toolchain.Specs.Model;

/// <summary>Where the real images come from and how they are split.</summary>
/// <param name="Source">One of <see cref="DataSources.All"/>.</param>
/// <param name="Path">Dataset folder or file; null for procedural data.</param>
/// <param name="Mapping">CSV only: canonical column to the file's column (empty when not given).</param>
/// <param name="OnBadRows"><c>fail</c> or <c>skip</c>.</param>
/// <param name="Procedural">The generator's settings when the source is procedural.</param>
public sealed record DataSection(
    string Source,
    SpecPath? Path,
    SpecPath? Images,
    SpecPath? Metadata,
    IReadOnlyDictionary<string, string> Mapping,
    string OnBadRows,
    ProceduralSpec? Procedural,
    SplitSpec Splits);

/// <summary>Fractions of the real images per split (summing to 1) and the split's seed.</summary>
public sealed record SplitSpec(double Train, double Val, double Test, double Judge, int Seed);

/// <summary>Settings of the procedural dermoscopy generator.</summary>
/// <param name="ArtifactRates">Probability of each artifact (hair, gel_bubble, ruler, ink, dark_corner).</param>
/// <param name="FitzpatrickWeights">Relative frequency of skin types I to VI (six numbers).</param>
public sealed record ProceduralSpec(
    int Count,
    int ImageSize,
    IReadOnlyDictionary<string, double> DiagnosisMix,
    IReadOnlyDictionary<string, double> ArtifactRates,
    IReadOnlyList<double> FitzpatrickWeights,
    IReadOnlyList<RareCombination> RareCombinations)
{
    /// <summary>0..1, how far lesion appearance leans towards the other diagnosis; 0 when not set.</summary>
    public double DiagnosisOverlap { get; init; }

    /// <summary>(artifact name, P(MEL | artifact)) in spec order (a list, so the order is part of the cache key); the first a case shows decides; empty when not set.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> MelanomaGivenArtifact { get; init; } = [];

    /// <summary>The held-out evaluation set's settings; null when the spec asks for none.</summary>
    public EvaluationSetSpec? Evaluation { get; init; }
}

/// <summary>The procedural evaluation set: at least <see cref="PerSubgroup"/> images of every subgroup, from its own seed.</summary>
public sealed record EvaluationSetSpec(int PerSubgroup, int SeedOffset);

/// <summary>A label combination kept at only <see cref="Rate"/> of its generated images.</summary>
public sealed record RareCombination(IReadOnlyList<SubgroupCondition> Where, double Rate);
