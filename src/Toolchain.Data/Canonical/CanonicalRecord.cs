namespace Toolchain.Data.Canonical;

/// <summary>
/// One row of a canonical dataset's metadata.csv. Unknown values are null (written as empty cells).
/// <see cref="FileName"/> and mask paths are relative to the dataset folder, with forward slashes.
/// </summary>
public sealed record CanonicalRecord
{
    public required string FileName { get; init; }
    public required string Id { get; init; }

    /// <summary>Patient or lesion id; records sharing it always land in the same split.</summary>
    public string? GroupId { get; init; }

    /// <summary>One of <see cref="SplitNames"/>.</summary>
    public required string Split { get; init; }

    /// <summary>One of <see cref="DiagnosisCodes"/>.</summary>
    public required string Diagnosis { get; init; }

    public ArtifactLabels Labels { get; init; } = ArtifactLabels.Unknown;
    public FitzpatrickRange? Fitzpatrick { get; init; }

    /// <summary>Anatomical site, lower case as the source names it (e.g. "lower extremity").</summary>
    public string? Site { get; init; }

    public double? Age { get; init; }

    /// <summary>"male" or "female".</summary>
    public string? Sex { get; init; }

    /// <summary>Importer format name the record came from (e.g. "ham10000", "procedural").</summary>
    public required string Source { get; init; }

    /// <summary>The record's identifier in its source (image name, file name or array index).</summary>
    public required string SourceId { get; init; }

    public MaskFiles Masks { get; init; } = MaskFiles.None;
}
