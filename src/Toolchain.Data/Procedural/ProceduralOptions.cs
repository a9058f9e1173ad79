using System.Globalization;
using Toolchain.Core;

namespace Toolchain.Data.Procedural;

/// <summary>Settings of the embedded procedural dermoscopy dataset. A case is a pure function of (Seed, index) and these options.</summary>
public sealed record ProceduralOptions
{
    public const int MinResolution = 16;
    public const int MaxResolution = 512;

    public ulong Seed { get; init; }

    /// <summary>Width and height of the square images, 16..512.</summary>
    public int Resolution { get; init; } = 64;

    public DiagnosisMix DiagnosisMix { get; init; } = DiagnosisMix.IsicLike;

    public ArtifactRates ArtifactRates { get; init; } = ArtifactRates.Default;

    /// <summary>Relative weights of Fitzpatrick skin types I..VI (exactly six, non-negative, not all zero).</summary>
    public IReadOnlyList<double> FitzpatrickWeights { get; init; } = [0.20, 0.30, 0.22, 0.14, 0.08, 0.06];

    /// <summary>Rules that thin out chosen label combinations; empty means labels are drawn independently.</summary>
    public IReadOnlyList<RareCombination> RareCombinations { get; init; } = [];

    /// <summary>
    /// 0..1: how far a lesion's appearance may lean towards the other diagnosis. Each case's look is its own
    /// diagnosis moved by a uniform share of this (at 1 both diagnoses span the whole range); 0 keeps them apart.
    /// </summary>
    public double DiagnosisOverlap { get; init; }

    /// <summary>
    /// Artifacts that make a diagnosis likelier (a shortcut to learn); the first one a case shows decides its diagnosis.
    /// Empty means artifacts are independent of the diagnosis.
    /// </summary>
    public IReadOnlyList<ArtifactCorrelation> ArtifactCorrelations { get; init; } = [];

    /// <summary>Throws a <see cref="ToolchainError"/> (exit code 2) naming the first invalid option.</summary>
    public void Validate()
    {
        if (Resolution < MinResolution || Resolution > MaxResolution)
            Fail("Resolution", $"must be between {MinResolution} and {MaxResolution}, got {Format(Resolution)}");

        RequireWeight("DiagnosisMix.Melanoma", DiagnosisMix.Melanoma);
        RequireWeight("DiagnosisMix.Nevus", DiagnosisMix.Nevus);
        if (DiagnosisMix.Melanoma + DiagnosisMix.Nevus <= 0)
            Fail("DiagnosisMix", "needs a positive weight for at least one diagnosis");

        foreach (ArtifactFlags artifact in ArtifactNames.All)
        {
            double rate = ArtifactRates.RateOf(artifact);
            if (!(rate >= 0 && rate <= 1))
                Fail($"ArtifactRates.{ArtifactNames.ColumnName(artifact)}", $"must be a probability in [0, 1], got {Format(rate)}");
        }

        if (FitzpatrickWeights.Count != 6)
            Fail("FitzpatrickWeights", $"needs exactly 6 weights (types I-VI), got {FitzpatrickWeights.Count}");
        for (int i = 0; i < 6; i++)
            RequireWeight($"FitzpatrickWeights[{i}] (type {i + 1})", FitzpatrickWeights[i]);
        if (FitzpatrickWeights.Sum() <= 0)
            Fail("FitzpatrickWeights", "needs a positive weight for at least one skin type");

        if (!(DiagnosisOverlap >= 0 && DiagnosisOverlap <= 1))
            Fail("DiagnosisOverlap", $"must be in [0, 1], got {Format(DiagnosisOverlap)}");
        for (int i = 0; i < ArtifactCorrelations.Count; i++)
        {
            ArtifactCorrelation correlation = ArtifactCorrelations[i];
            if (!ArtifactNames.All.Contains(correlation.Artifact))
                Fail($"ArtifactCorrelations[{i}].Artifact", $"must be exactly one artifact, got {correlation.Artifact}");
            if (!(correlation.MelanomaProbability >= 0 && correlation.MelanomaProbability <= 1))
                Fail($"ArtifactCorrelations[{i}] ({ArtifactNames.ColumnName(correlation.Artifact)}).MelanomaProbability",
                    $"must be in [0, 1], got {Format(correlation.MelanomaProbability)}");
            if (ArtifactCorrelations.Take(i).Any(c => c.Artifact == correlation.Artifact))
                Fail($"ArtifactCorrelations[{i}]", $"{ArtifactNames.ColumnName(correlation.Artifact)} is listed twice");
        }

        for (int i = 0; i < RareCombinations.Count; i++)
        {
            RareCombination rule = RareCombinations[i];
            if (!(rule.KeepRate >= 0 && rule.KeepRate <= 1))
                Fail($"RareCombinations[{i}] ({rule.Name}).KeepRate", $"must be in [0, 1], got {Format(rule.KeepRate)}");
        }
    }

    private static void RequireWeight(string key, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            Fail(key, $"must be a finite non-negative weight, got {Format(value)}");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Fail(string key, string problem) =>
        throw new ToolchainError($"Invalid procedural dataset option {key}: {problem}.", exitCode: 2);
}
