namespace Toolchain.Data.Canonical;

/// <summary>
/// The canonical diagnosis code set. The first nine are ISIC 2019's classes (HAM10000's seven map onto them);
/// datasets that name conditions instead of ISIC classes (Fitzpatrick17k, DDI) map known names onto these codes
/// and everything else onto the three coarse codes at the end, by the dataset's own malignancy label.
/// </summary>
public static class DiagnosisCodes
{
    public const string Melanoma = "MEL";
    public const string Nevus = "NV";
    public const string BasalCellCarcinoma = "BCC";
    public const string ActinicKeratosis = "AK";
    public const string BenignKeratosis = "BKL";
    public const string Dermatofibroma = "DF";
    public const string Vascular = "VASC";
    public const string SquamousCellCarcinoma = "SCC";
    public const string Unknown = "UNK";
    public const string OtherBenign = "OTHER_BENIGN";
    public const string OtherMalignant = "OTHER_MALIGNANT";
    public const string NonNeoplastic = "NON_NEOPLASTIC";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [Melanoma] = "melanoma",
        [Nevus] = "melanocytic nevus",
        [BasalCellCarcinoma] = "basal cell carcinoma",
        [ActinicKeratosis] = "actinic keratosis",
        [BenignKeratosis] = "benign keratosis",
        [Dermatofibroma] = "dermatofibroma",
        [Vascular] = "vascular lesion",
        [SquamousCellCarcinoma] = "squamous cell carcinoma",
        [Unknown] = "unknown lesion",
        [OtherBenign] = "benign lesion",
        [OtherMalignant] = "malignant lesion",
        [NonNeoplastic] = "non-neoplastic condition",
    };

    /// <summary>All codes in their fixed listing order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Melanoma, Nevus, BasalCellCarcinoma, ActinicKeratosis, BenignKeratosis, Dermatofibroma, Vascular,
        SquamousCellCarcinoma, Unknown, OtherBenign, OtherMalignant, NonNeoplastic,
    ];

    public static bool IsValid(string code) => Names.ContainsKey(code);

    /// <summary>Plain-English name used in prompts, e.g. "melanocytic nevus" for NV.</summary>
    public static string DisplayName(string code) =>
        Names.TryGetValue(code, out var name) ? name : throw new ArgumentException($"unknown diagnosis code '{code}'", nameof(code));

    /// <summary>Position in <see cref="All"/>, for deterministic ordering.</summary>
    public static int Order(string code)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == code)
            {
                return i;
            }
        }
        return All.Count;
    }
}
