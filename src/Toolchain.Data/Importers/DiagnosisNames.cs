using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// Maps the diagnosis names datasets use (ISIC / HAM10000 codes, Fitzpatrick17k and DDI condition names) onto
/// <see cref="DiagnosisCodes"/>. Only names that clearly denote one ISIC class are mapped; anything else is
/// left to the caller (Fitzpatrick17k and DDI then use their malignancy label, the generic CSV reports it).
/// </summary>
public static class DiagnosisNames
{
    private static readonly Dictionary<string, string> Exact = new(StringComparer.Ordinal)
    {
        ["akiec"] = DiagnosisCodes.ActinicKeratosis, // HAM10000: actinic keratoses and intraepithelial carcinoma
        ["melanoma"] = DiagnosisCodes.Melanoma,
        ["malignant melanoma"] = DiagnosisCodes.Melanoma,
        ["lentigo maligna"] = DiagnosisCodes.Melanoma,
        ["melanocytic nevus"] = DiagnosisCodes.Nevus,
        ["melanocytic nevi"] = DiagnosisCodes.Nevus,
        ["nevus"] = DiagnosisCodes.Nevus,
        ["nevocytic nevus"] = DiagnosisCodes.Nevus,
        ["dysplastic nevus"] = DiagnosisCodes.Nevus,
        ["congenital nevus"] = DiagnosisCodes.Nevus,
        ["blue nevus"] = DiagnosisCodes.Nevus,
        ["halo nevus"] = DiagnosisCodes.Nevus,
        ["basal cell carcinoma"] = DiagnosisCodes.BasalCellCarcinoma,
        ["squamous cell carcinoma"] = DiagnosisCodes.SquamousCellCarcinoma,
        ["actinic keratosis"] = DiagnosisCodes.ActinicKeratosis,
        ["seborrheic keratosis"] = DiagnosisCodes.BenignKeratosis,
        ["benign keratosis"] = DiagnosisCodes.BenignKeratosis,
        ["lichenoid keratosis"] = DiagnosisCodes.BenignKeratosis,
        ["solar lentigo"] = DiagnosisCodes.BenignKeratosis,
        ["dermatofibroma"] = DiagnosisCodes.Dermatofibroma,
        ["pyogenic granuloma"] = DiagnosisCodes.Vascular,
        ["hemangioma"] = DiagnosisCodes.Vascular,
        ["angioma"] = DiagnosisCodes.Vascular,
        ["cherry angioma"] = DiagnosisCodes.Vascular,
        ["vascular lesion"] = DiagnosisCodes.Vascular,
    };

    /// <summary>Subtypes named "&lt;class&gt; &lt;qualifier&gt;" (DDI: melanoma-acral-lentiginous, basal-cell-carcinoma-nodular).</summary>
    private static readonly (string Prefix, string Code)[] Prefixes =
    [
        ("melanoma ", DiagnosisCodes.Melanoma),
        ("basal cell carcinoma ", DiagnosisCodes.BasalCellCarcinoma),
        ("squamous cell carcinoma ", DiagnosisCodes.SquamousCellCarcinoma),
        ("seborrheic keratosis ", DiagnosisCodes.BenignKeratosis),
    ];

    public static string? TryMap(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (DiagnosisCodes.IsValid(upper))
        {
            return upper;
        }
        var normalized = string.Join(' ', name.Trim().ToLowerInvariant().Replace('-', ' ').Replace('_', ' ')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (Exact.TryGetValue(normalized, out var code))
        {
            return code;
        }
        foreach (var (prefix, prefixCode) in Prefixes)
        {
            if (normalized.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefixCode;
            }
        }
        return null;
    }
}
