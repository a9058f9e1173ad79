using System.Globalization;
using Toolchain.Data.Canonical;
using Toolchain.Data.Imaging;
using Toolchain.Data.Importers;
using Toolchain.Data.Procedural;
using Toolchain.Data.Prompts;
using Toolchain.Data.Splits;
using Toolchain.Data.Subgroups;
using Toolchain.Specs.Model;
using DataQuotaRule = Toolchain.Data.Subgroups.QuotaRule;
using DataRareCombination = Toolchain.Data.Procedural.RareCombination;
using SpecQuotaKind = Toolchain.Specs.Model.QuotaKind;

namespace Toolchain.Stages.Translation;

/// <summary>
/// Translates the validated dataset spec (Toolchain.Specs) into the data layer's plain types
/// (Toolchain.Data), so that neither library knows about the other.
/// </summary>
public static class DatasetTranslation
{
    public static PromptTemplate Template(DatasetSpec spec)
    {
        if (spec.Prompts.IsRl4Med)
        {
            return PromptTemplate.Rl4Med;
        }
        var diagnoses = spec.Labels.Where(DiagnosisCodes.IsValid).ToList();
        var artifacts = spec.Labels.Where(l => !DiagnosisCodes.IsValid(l))
            .Select(l => new ArtifactPhrase(l, l.Replace('_', ' '))).ToList();
        return new PromptTemplate("custom", spec.Prompts.Template, diagnoses, artifacts);
    }

    public static SplitSettings Splits(DatasetSpec spec) => new()
    {
        Fractions = new SplitFractions(spec.Data.Splits.Train, spec.Data.Splits.Val, spec.Data.Splits.Test, spec.Data.Splits.Judge),
        Seed = unchecked((ulong)spec.Data.Splits.Seed),
    };

    public static ProceduralOptions Procedural(DatasetSpec spec)
    {
        var p = spec.Data.Procedural ?? throw new InvalidOperationException("the data source is not procedural");
        return new ProceduralOptions
        {
            Seed = unchecked((ulong)spec.Seed),
            Resolution = p.ImageSize,
            DiagnosisMix = new DiagnosisMix(p.DiagnosisMix.GetValueOrDefault(DiagnosisCodes.Melanoma), p.DiagnosisMix.GetValueOrDefault(DiagnosisCodes.Nevus)),
            ArtifactRates = new ArtifactRates(
                p.ArtifactRates.GetValueOrDefault(BinaryLabels.Hair),
                p.ArtifactRates.GetValueOrDefault(BinaryLabels.GelBubble),
                p.ArtifactRates.GetValueOrDefault(BinaryLabels.Ruler),
                p.ArtifactRates.GetValueOrDefault(BinaryLabels.Ink),
                p.ArtifactRates.GetValueOrDefault(BinaryLabels.DarkCorner)),
            FitzpatrickWeights = p.FitzpatrickWeights,
            RareCombinations = p.RareCombinations
                .Select((r, i) => new DataRareCombination(Describe(r.Where, i), labels => r.Where.All(c => Holds(c, labels)), r.Rate))
                .ToList(),
            DiagnosisOverlap = p.DiagnosisOverlap,
            ArtifactCorrelations = p.MelanomaGivenArtifact
                .Select(kv => new ArtifactCorrelation(Flag(kv.Key), kv.Value))
                .ToList(),
        };
    }

    public static ImportRequest Import(DatasetSpec spec, string output, int resolution, ResizeMode resize) => new()
    {
        Format = spec.Data.Source,
        Source = spec.Data.Path?.Resolved ?? throw new InvalidOperationException("the data source has no path"),
        Output = output,
        Images = spec.Data.Images?.Resolved,
        OnBadRows = spec.Data.OnBadRows == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail,
        Resolution = resolution,
        Resize = resize,
        Splits = Splits(spec),
        ColumnMapping = spec.Data.Mapping,
    };

    public static ResizeMode Resize(string setting) => setting == "pad" ? ResizeMode.Pad : ResizeMode.CenterCrop;

    public static SubgroupDefinition Subgroup(SubgroupSpec spec)
    {
        var predicates = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var condition in spec.Where)
        {
            if (condition.IsLabel && DiagnosisCodes.IsValid(condition.Key))
            {
                // MEL: true means diagnosis MEL; MEL: false means any other diagnosis.
                predicates[SubgroupDefinition.DiagnosisField] = condition.LabelValue == true
                    ? [condition.Key]
                    : DiagnosisCodes.All.Where(c => c != condition.Key).ToList();
            }
            else if (condition.IsLabel)
            {
                predicates[condition.Key] = [condition.LabelValue == true ? "1" : "0"];
            }
            else
            {
                predicates[condition.Key] = condition.FieldValues;
            }
        }
        return new SubgroupDefinition(spec.Name, predicates);
    }

    public static DataQuotaRule Quota(string subgroup, Specs.Model.QuotaRule rule) => rule.Kind switch
    {
        SpecQuotaKind.Count => new DataQuotaRule(subgroup, Count: (int)rule.Amount),
        SpecQuotaKind.FillTo => new DataQuotaRule(subgroup, FillTo: (int)rule.Amount),
        _ => new DataQuotaRule(subgroup, Ratio: rule.Amount),
    };

    /// <summary>A procedural case as a canonical record (split assigned later).</summary>
    public static CanonicalRecord Record(int index, ProceduralCase @case, string fileName, MaskFiles masks) =>
        Record(index, @case.Labels, fileName, masks);

    /// <summary>A case's labels as a canonical record, without rendering it (e.g. to test subgroup membership).</summary>
    public static CanonicalRecord Record(int index, CaseLabels labels, string fileName, MaskFiles masks)
    {
        return new CanonicalRecord
        {
            FileName = fileName,
            Id = ProceduralId(index),
            Split = SplitNames.Train,
            Diagnosis = labels.Diagnosis,
            Labels = new ArtifactLabels
            {
                Hair = labels.Has(ArtifactFlags.Hair),
                GelBubble = labels.Has(ArtifactFlags.GelBubble),
                Ruler = labels.Has(ArtifactFlags.Ruler),
                Ink = labels.Has(ArtifactFlags.Ink),
                DarkCorner = labels.Has(ArtifactFlags.DarkCorner),
            },
            Fitzpatrick = FitzpatrickRange.Single(labels.Fitzpatrick),
            Site = labels.AnatomSite,
            Age = labels.AgeApprox,
            Sex = labels.Sex,
            Source = "procedural",
            SourceId = index.ToString(CultureInfo.InvariantCulture),
            Masks = masks,
        };
    }

    public static string ProceduralId(int index) => string.Create(CultureInfo.InvariantCulture, $"proc_{index:D6}");

    private static bool Holds(SubgroupCondition condition, CaseLabels labels)
    {
        if (condition.IsLabel)
        {
            bool present = condition.Key switch
            {
                DiagnosisCodes.Melanoma or DiagnosisCodes.Nevus => labels.Diagnosis == condition.Key,
                _ => labels.Has(Flag(condition.Key)),
            };
            return present == (condition.LabelValue == true);
        }
        string value = condition.Key switch
        {
            "fitzpatrick" => labels.Fitzpatrick.ToString(CultureInfo.InvariantCulture),
            "site" => labels.AnatomSite,
            "age" => labels.AgeApprox.ToString(CultureInfo.InvariantCulture),
            "sex" => labels.Sex,
            _ => throw new InvalidOperationException($"procedural rare combinations cannot test '{condition.Key}'"),
        };
        return condition.FieldValues.Contains(value);
    }

    private static ArtifactFlags Flag(string label) => label switch
    {
        BinaryLabels.Hair => ArtifactFlags.Hair,
        BinaryLabels.GelBubble => ArtifactFlags.GelBubble,
        BinaryLabels.Ruler => ArtifactFlags.Ruler,
        BinaryLabels.Ink => ArtifactFlags.Ink,
        BinaryLabels.DarkCorner => ArtifactFlags.DarkCorner,
        _ => throw new InvalidOperationException($"the procedural generator has no artifact '{label}'"),
    };

    private static string Describe(IReadOnlyList<SubgroupCondition> where, int index) =>
        $"rare_combinations[{index}]: " + string.Join(", ", where.Select(c => c.IsLabel ? $"{c.Key}={(c.LabelValue == true ? 1 : 0)}" : $"{c.Key}={string.Join("|", c.FieldValues)}"));
}
