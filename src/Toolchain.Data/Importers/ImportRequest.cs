using Toolchain.Data.Imaging;
using Toolchain.Data.Splits;

namespace Toolchain.Data.Importers;

/// <summary>Everything an import needs; built by the import command or by the Prepare stage from the spec.</summary>
public sealed record ImportRequest
{
    /// <summary>One of <see cref="ImporterRegistry.Formats"/>.</summary>
    public required string Format { get; init; }

    /// <summary>The dataset folder, or its CSV / .npz file.</summary>
    public required string Source { get; init; }

    /// <summary>Folder to create (must not exist or be empty).</summary>
    public required string Output { get; init; }

    /// <summary>Explicit images folder; otherwise the format's public layout is searched.</summary>
    public string? Images { get; init; }

    public BadRowPolicy OnBadRows { get; init; } = BadRowPolicy.Fail;
    public int Resolution { get; init; } = 512;
    public ResizeMode Resize { get; init; } = ResizeMode.CenterCrop;
    public ImageLimits Limits { get; init; } = ImageLimits.Default;
    public SplitSettings Splits { get; init; } = SplitSettings.Default;

    /// <summary>Canonical field -> source column, for the generic "csv" format.</summary>
    public IReadOnlyDictionary<string, string> ColumnMapping { get; init; } = new Dictionary<string, string>();
}
