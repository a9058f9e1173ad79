using System.Globalization;
using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;

namespace Toolchain.Data.Subgroups;

/// <summary>
/// A named subgroup: a record belongs to it when, for every predicate field, its value is one of the allowed
/// values (unknown values never match). Fields: diagnosis (codes), the binary labels ("0"/"1"), fitzpatrick
/// (types "1"-"6"; a record's range must lie inside the allowed types), site, sex, age (exact years or
/// inclusive ranges such as "40-59"), source.
/// </summary>
public sealed record SubgroupDefinition(string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Predicates)
{
    public const string DiagnosisField = "diagnosis";
    public const string FitzpatrickField = "fitzpatrick";
    public const string SiteField = "site";
    public const string SexField = "sex";
    public const string AgeField = "age";
    public const string SourceField = "source";

    public static readonly IReadOnlyList<string> Fields =
        [DiagnosisField, .. BinaryLabels.All, FitzpatrickField, SiteField, SexField, AgeField, SourceField];

    /// <summary>Problems with the definition (unknown field, impossible value), each naming the subgroup.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("a subgroup has an empty name");
        }
        if (Predicates.Count == 0)
        {
            errors.Add($"subgroup '{Name}' has no predicates");
        }
        foreach (var (field, values) in Predicates.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!Fields.Contains(field))
            {
                errors.Add($"subgroup '{Name}': unknown field '{field}' (fields: {string.Join(", ", Fields)})");
                continue;
            }
            if (values.Count == 0)
            {
                errors.Add($"subgroup '{Name}': field '{field}' allows no values");
            }
            foreach (var value in values)
            {
                if (!IsValidValue(field, value))
                {
                    errors.Add($"subgroup '{Name}': '{value}' is not a valid {field} value");
                }
            }
        }
        return errors;
    }

    public bool Matches(CanonicalRecord record) => Predicates.All(p => FieldMatches(p.Key, p.Value, record));

    /// <summary>
    /// Whether a prompt's conditions can describe members: false when a diagnosis or artifact predicate
    /// contradicts them. Predicates on fields a prompt does not state (site, fitzpatrick, labels outside the
    /// template) do not exclude it.
    /// </summary>
    public bool IsCompatible(PromptConditions conditions, PromptTemplate template)
    {
        foreach (var (field, values) in Predicates)
        {
            if (field == DiagnosisField && !values.Contains(conditions.Diagnosis))
            {
                return false;
            }
            var index = template.Artifacts.Select(a => a.Label).ToList().IndexOf(field);
            if (index >= 0 && !values.Contains(conditions.ArtifactsPresent[index] ? "1" : "0"))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>"diagnosis=MEL; ink=1" style description, fields in canonical order.</summary>
    public string Describe() => string.Join("; ", Fields.Where(Predicates.ContainsKey)
        .Select(f => $"{f}={string.Join("|", Predicates[f])}"));

    private static bool IsValidValue(string field, string value) => field switch
    {
        DiagnosisField => DiagnosisCodes.IsValid(value),
        FitzpatrickField => value is "1" or "2" or "3" or "4" or "5" or "6",
        SexField => value is "male" or "female",
        AgeField => TryParseAgeRange(value, out _, out _),
        SiteField or SourceField => value.Length > 0,
        _ => value is "0" or "1",
    };

    private static bool FieldMatches(string field, IReadOnlyList<string> values, CanonicalRecord record)
    {
        switch (field)
        {
            case DiagnosisField:
                return values.Contains(record.Diagnosis);
            case FitzpatrickField:
                return record.Fitzpatrick is { } range
                    && range.IsWithin(values.Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToHashSet());
            case SiteField:
                return record.Site is not null && values.Contains(record.Site);
            case SexField:
                return record.Sex is not null && values.Contains(record.Sex);
            case SourceField:
                return values.Contains(record.Source);
            case AgeField:
                return record.Age is { } age && values.Any(v => TryParseAgeRange(v, out var lo, out var hi) && age >= lo && age <= hi);
            default:
                var label = record.Labels.Get(field);
                return label is not null && values.Contains(label == true ? "1" : "0");
        }
    }

    private static bool TryParseAgeRange(string text, out double low, out double high)
    {
        var parts = text.Split('-');
        low = high = 0;
        if (parts.Length is < 1 or > 2
            || !double.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out low)
            || !double.TryParse(parts[^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out high))
        {
            return false;
        }
        return low <= high;
    }
}
