namespace Toolchain.Specs.Model;

/// <summary>Dataset importers a spec can name under <c>data.source</c>, and the fields subgroups may select on.</summary>
public static class DataSources
{
    public const string Procedural = "procedural";
    public const string Isic2019Rl4Med = "isic2019-rl4med";
    public const string Isic2019 = "isic2019";
    public const string Ham10000 = "ham10000";
    public const string Fitzpatrick17k = "fitzpatrick17k";
    public const string Ddi = "ddi";
    public const string DermaMnist = "dermamnist";
    public const string Csv = "csv";
    public const string ImageFolder = "imagefolder";

    public static readonly string[] All = [Procedural, Isic2019Rl4Med, Isic2019, Ham10000, Fitzpatrick17k, Ddi, DermaMnist, Csv, ImageFolder];

    /// <summary>Per-image metadata fields (besides the labels) that subgroups and CSV mappings may name.</summary>
    public static readonly string[] Fields = ["image", "diagnosis", "lesion_id", "fitzpatrick", "site", "age", "sex"];

    /// <summary>Fields a subgroup's <c>where</c> may select on (labels are allowed too).</summary>
    public static readonly string[] SelectableFields = ["diagnosis", "fitzpatrick", "site", "age", "sex"];

    /// <summary>The paper's six labels: four artifacts and two diagnoses.</summary>
    public static readonly string[] DefaultLabels = ["hair", "gel_bubble", "ruler", "ink", "MEL", "NV"];

    /// <summary>Artifacts the procedural generator can draw.</summary>
    public static readonly string[] ProceduralArtifacts = ["hair", "gel_bubble", "ruler", "ink", "dark_corner"];

    /// <summary>Diagnoses the procedural generator can draw.</summary>
    public static readonly string[] ProceduralDiagnoses = ["MEL", "NV"];

    /// <summary>Slots a custom prompt template may use.</summary>
    public static readonly string[] PromptSlots = ["diagnosis", "artifacts", "fitzpatrick", "site", "age", "sex"];

    /// <summary>The paper's prompt template, selected with <c>template: rl4med</c>.</summary>
    public const string Rl4MedTemplate = "rl4med";
}
