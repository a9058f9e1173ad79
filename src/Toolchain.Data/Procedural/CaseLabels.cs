namespace Toolchain.Data.Procedural;

/// <summary>
/// Everything sampled about a case before it is rendered: the ground truth the image must show,
/// plus ISIC-style metadata (anatomic site, approximate age, sex) that prompts may mention.
/// </summary>
public sealed record CaseLabels(
    string Diagnosis,
    int Fitzpatrick,
    ArtifactFlags Artifacts,
    string AnatomSite,
    int AgeApprox,
    string Sex)
{
    public bool Has(ArtifactFlags artifact) => (Artifacts & artifact) == artifact;

    public bool IsMelanoma => Diagnosis == Diagnoses.Melanoma;
}
