using Toolchain.Core;

namespace Toolchain.Data.Procedural;

/// <summary>
/// Draws a case's labels from its own stream: diagnosis, skin type and artifacts independently,
/// then artifact correlations redraw the diagnosis of cases that show a correlated artifact, then
/// rare-combination rules redraw matching combinations. Rendering happens afterwards and
/// only follows these labels.
/// </summary>
internal sealed class LabelSampler
{
    // Enough for rules that keep 1 draw in 1000 of a common combination; more means the rules
    // leave almost nothing to draw, which is a configuration error, not bad luck.
    private const int MaxDraws = 100_000;

    private static readonly string[] MelanomaSites =
        ["posterior torso", "anterior torso", "lower extremity", "upper extremity", "head/neck", "lateral torso", "palms/soles"];
    private static readonly double[] MelanomaSiteWeights = [0.30, 0.17, 0.18, 0.13, 0.16, 0.03, 0.03];
    private static readonly string[] NevusSites = MelanomaSites;
    private static readonly double[] NevusSiteWeights = [0.36, 0.22, 0.20, 0.11, 0.05, 0.04, 0.02];

    private readonly ProceduralOptions _options;
    private readonly double _melanomaProbability;

    public LabelSampler(ProceduralOptions options)
    {
        _options = options;
        _melanomaProbability = options.DiagnosisMix.MelanomaProbability;
    }

    public CaseLabels Sample(SplitMix64 rng)
    {
        for (int draw = 0; draw < MaxDraws; draw++)
        {
            CaseLabels labels = DrawIndependent(rng);
            if (Keeps(labels, rng)) return labels;
        }
        throw new ToolchainError(
            $"Procedural dataset option RareCombinations rejects nearly every label draw ({MaxDraws} draws in a row were thinned out); " +
            "raise some KeepRate or narrow the rules.", exitCode: 2);
    }

    private bool Keeps(CaseLabels labels, SplitMix64 rng)
    {
        foreach (RareCombination rule in _options.RareCombinations)
            if (rule.Matches(labels) && !rng.Bernoulli(rule.KeepRate))
                return false;
        return true;
    }

    private CaseLabels DrawIndependent(SplitMix64 rng)
    {
        bool melanoma = rng.Bernoulli(_melanomaProbability);
        int fitzpatrick = rng.Categorical(_options.FitzpatrickWeights) + 1;

        ArtifactFlags artifacts = ArtifactFlags.None;
        foreach (ArtifactFlags artifact in ArtifactNames.All)
            if (rng.Bernoulli(_options.ArtifactRates.RateOf(artifact)))
                artifacts |= artifact;

        // Only cases with a correlated artifact draw again, so specs without correlations keep their streams.
        foreach (ArtifactCorrelation correlation in _options.ArtifactCorrelations)
        {
            if ((artifacts & correlation.Artifact) == 0) continue;
            melanoma = rng.Bernoulli(correlation.MelanomaProbability);
            break;
        }

        string site = melanoma ? MelanomaSites[rng.Categorical(MelanomaSiteWeights)] : NevusSites[rng.Categorical(NevusSiteWeights)];
        // Melanoma patients are older on average (ISIC 2019: roughly 60 vs 45 years).
        double age = (melanoma ? 60 : 44) + 15 * rng.NextGaussianApprox();
        int ageApprox = (int)Math.Clamp(Math.Round(age / 5) * 5, 5, 85);
        string sex = rng.Bernoulli(melanoma ? 0.58 : 0.50) ? "male" : "female";

        return new CaseLabels(melanoma ? Diagnoses.Melanoma : Diagnoses.Nevus, fitzpatrick, artifacts, site, ageApprox, sex);
    }
}
