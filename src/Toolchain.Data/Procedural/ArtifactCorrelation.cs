namespace Toolchain.Data.Procedural;

/// <summary>
/// A case that shows <see cref="Artifact"/> is a melanoma with probability <see cref="MelanomaProbability"/>,
/// whatever the diagnosis mix says: the artifact-diagnosis shortcut of real dermoscopy collections (in ISIC 2019
/// surgical ink and rulers co-occur with the diagnosis). When a case shows several correlated artifacts, the
/// first in <see cref="ProceduralOptions.ArtifactCorrelations"/> decides. Rare-combination rules thin the result afterwards.
/// </summary>
public sealed record ArtifactCorrelation(ArtifactFlags Artifact, double MelanomaProbability);
