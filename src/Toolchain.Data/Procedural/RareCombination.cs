namespace Toolchain.Data.Procedural;

/// <summary>
/// Makes some label combinations rare: a draw that matches is kept only with probability
/// <see cref="KeepRate"/> and otherwise redrawn, the way ISIC 2019 has diagnosis x artifact
/// subgroups with fewer than 20 images. When several rules match, each must keep the draw.
/// </summary>
public sealed record RareCombination(string Name, Func<CaseLabels, bool> Matches, double KeepRate)
{
    /// <summary>
    /// Matches one prompt subgroup exactly: the diagnosis and exactly this subset of the four
    /// prompt artifacts (hair, gel bubble, ruler, ink); dark corner is not part of prompts and is ignored.
    /// </summary>
    public static RareCombination Subgroup(string diagnosis, ArtifactFlags promptArtifacts, double keepRate)
    {
        const ArtifactFlags promptSet = ArtifactFlags.Hair | ArtifactFlags.GelBubble | ArtifactFlags.Ruler | ArtifactFlags.Ink;
        if ((promptArtifacts & ~promptSet) != 0)
            throw new ArgumentException("A prompt subgroup may only name hair, gel bubble, ruler and ink.", nameof(promptArtifacts));
        return new RareCombination(
            $"{diagnosis}+{Describe(promptArtifacts)}",
            labels => labels.Diagnosis == diagnosis && (labels.Artifacts & promptSet) == promptArtifacts,
            keepRate);
    }

    /// <summary>Matches the diagnosis together with at least all of the given artifacts (others may also be present).</summary>
    public static RareCombination Containing(string diagnosis, ArtifactFlags artifacts, double keepRate) =>
        new($"{diagnosis}+{Describe(artifacts)}+any",
            labels => labels.Diagnosis == diagnosis && labels.Has(artifacts),
            keepRate);

    private static string Describe(ArtifactFlags artifacts) =>
        artifacts == ArtifactFlags.None
            ? "none"
            : string.Join("+", ArtifactNames.All.Where(a => (artifacts & a) == a).Select(ArtifactNames.ColumnName));
}
