namespace Toolchain.Data.Prompts;

/// <summary>
/// What an enumerable prompt asks for: a diagnosis and, for each artifact of the template (in template order),
/// whether it is present.
/// </summary>
public sealed record PromptConditions(string Diagnosis, IReadOnlyList<bool> ArtifactsPresent)
{
    public bool Equals(PromptConditions? other) =>
        other is not null && Diagnosis == other.Diagnosis && ArtifactsPresent.SequenceEqual(other.ArtifactsPresent);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Diagnosis, StringComparer.Ordinal);
        foreach (var present in ArtifactsPresent)
        {
            hash.Add(present);
        }
        return hash.ToHashCode();
    }
}
