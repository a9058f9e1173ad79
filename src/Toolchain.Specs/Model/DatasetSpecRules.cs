using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;

namespace Toolchain.Specs.Model;

/// <summary>
/// Checks of a dataset spec that span several keys: source-specific data keys, fractions that sum
/// to 1, subgroup conditions against the labels, quota references. Also fills the defaults that
/// depend on other values (release name, split seed, procedural settings) and normalises
/// subgroup conditions (labels become booleans, numeric fields integers).
/// </summary>
internal static class DatasetSpecRules
{
    private const double SumTolerance = 1e-6;

    public static void Apply(JsonObject spec, ValidationContext context)
    {
        var labels = JsonRead.Array(spec, "labels")?.Select(l => l!.GetValue<string>()).ToList() ?? [.. DataSources.DefaultLabels];
        CheckData(spec, labels, context);
        CheckLabelsAndPrompts(spec, labels, context);
        var subgroups = CheckSubgroups(spec, labels, context);
        CheckQuotas(spec, subgroups, context);
        FillDerivedDefaults(spec);
    }

    private static void CheckData(JsonObject spec, List<string> labels, ValidationContext context)
    {
        var data = JsonRead.Object(spec, "data");
        var source = JsonRead.String(data, "source");
        if (data is null || source is null) return;

        var procedural = source == DataSources.Procedural;
        // Node presence, not JSON, decides "missing": an invalid path was already reported as such.
        if (!procedural && context.NodeAt("data.path") is null)
            context.ErrorAt("data.path", $"missing required key 'path' (needed for source '{source}')");
        if (procedural && context.NodeAt("data.path") is not null)
            context.ErrorAt("data.path", "a procedural dataset is generated, not read: remove 'path'");
        if (!procedural && context.NodeAt("data.procedural") is not null)
            context.ErrorAt("data.procedural", $"only used with source 'procedural' (source is '{source}')");
        if (context.NodeAt("data.metadata") is not null && source != DataSources.Isic2019)
            context.ErrorAt("data.metadata", $"only used with source 'isic2019' (source is '{source}')");
        if (data["mapping"] is JsonObject mapping)
        {
            if (source != DataSources.Csv)
                context.ErrorAt("data.mapping", $"only used with source 'csv' (source is '{source}')");
            var known = DataSources.Fields.Concat(labels).ToList();
            foreach (var (column, _) in mapping)
            {
                if (known.Contains(column)) continue;
                var hint = KeySuggester.Closest(column, known) is { } close ? $"; did you mean '{close}'?" : "";
                context.ErrorAtKey($"data.mapping.{column}", $"unknown canonical column '{column}': must be a field ({string.Join(", ", DataSources.Fields)}) or a label{hint}");
            }
        }

        if (procedural && data["procedural"] is JsonObject generator)
        {
            if (JsonRead.Object(generator, "diagnosis_mix") is { } mix)
                CheckSum(mix.Select(kv => kv.Value!.GetValue<double>()), "data.procedural.diagnosis_mix", "diagnosis shares", context);
            if (JsonRead.Array(generator, "fitzpatrick_weights") is { } weights && weights.All(w => w!.GetValue<double>() == 0))
                context.ErrorAt("data.procedural.fitzpatrick_weights", "at least one weight must be above 0");
            if (JsonRead.Array(generator, "rare_combinations") is { } combinations)
            {
                for (var i = 0; i < combinations.Count; i++)
                    NormaliseWhere(JsonRead.Object(combinations[i], "where"), $"data.procedural.rare_combinations[{i}].where", labels, context);
            }
            if (JsonRead.Array(generator, "artifact_correlations") is { } correlations)
            {
                for (var i = 0; i < correlations.Count; i++)
                {
                    if (correlations[i] is not JsonObject correlation) continue;
                    var shares = DataSources.ProceduralDiagnoses.Select(d => JsonRead.Number(correlation, d)).Where(v => v is not null).Select(v => v!.Value).ToList();
                    var path = $"data.procedural.artifact_correlations[{i}]";
                    if (shares.Count == 0)
                        context.ErrorAt(path, "needs MEL or NV: the share of the cases showing the artifact that have that diagnosis");
                    else if (shares.Count == 2)
                        CheckSum(shares, path, "MEL and NV", context);
                }
            }
        }

        if (JsonRead.Object(data, "splits") is { } splits)
        {
            var fractions = new[] { "train", "val", "test", "judge" }.Select(k => JsonRead.Number(splits, k)).ToList();
            if (fractions.All(f => f is not null))
                CheckSum(fractions.Select(f => f!.Value), "data.splits", "split fractions (train + val + test + judge)", context);
        }
    }

    private static void CheckSum(IEnumerable<double> values, string path, string what, ValidationContext context)
    {
        var sum = values.Sum();
        if (Math.Abs(sum - 1) > SumTolerance)
            context.ErrorAt(path, $"{what} must sum to 1 (got {sum.ToString("0.######", CultureInfo.InvariantCulture)})");
    }

    private static void CheckLabelsAndPrompts(JsonObject spec, List<string> labels, ValidationContext context)
    {
        var fieldClash = labels.Where(l => DataSources.Fields.Contains(l)).ToList();
        foreach (var clash in fieldClash)
            context.ErrorAt("labels", $"label '{clash}' has the name of a metadata field; rename it");

        var template = JsonRead.String(JsonRead.Object(spec, "prompts"), "template");
        if (template == DataSources.Rl4MedTemplate)
        {
            var missing = DataSources.DefaultLabels.Where(l => !labels.Contains(l)).ToList();
            if (missing.Count > 0)
                context.ErrorAt("prompts.template", $"the rl4med template needs the labels {string.Join(", ", DataSources.DefaultLabels)}; missing: {string.Join(", ", missing)}");
        }
    }

    private static List<string> CheckSubgroups(JsonObject spec, List<string> labels, ValidationContext context)
    {
        var names = new List<string>();
        if (JsonRead.Array(spec, "subgroups") is not { } subgroups) return names;
        for (var i = 0; i < subgroups.Count; i++)
        {
            if (JsonRead.String(subgroups[i], "name") is { } name) names.Add(name);
            NormaliseWhere(JsonRead.Object(subgroups[i], "where"), $"subgroups[{i}].where", labels, context);
        }
        return names;
    }

    /// <summary>Labels select with true/false (or 1/0); fitzpatrick is 1 to 6; age is a whole number; other fields are text.</summary>
    private static void NormaliseWhere(JsonObject? where, string path, List<string> labels, ValidationContext context)
    {
        if (where is null) return;
        foreach (var key in where.Select(kv => kv.Key).ToList())
        {
            var values = (JsonArray)where[key]!;
            var isLabel = labels.Contains(key);
            if (!isLabel && !DataSources.SelectableFields.Contains(key))
            {
                var known = labels.Concat(DataSources.SelectableFields).ToList();
                var hint = KeySuggester.Closest(key, known) is { } close ? $"; did you mean '{close}'?" : "";
                context.ErrorAtKey($"{path}.{key}", $"unknown label or field '{key}' (labels: {string.Join(", ", labels)}; fields: {string.Join(", ", DataSources.SelectableFields)}){hint}");
                continue;
            }
            if (isLabel && values.Count > 1)
            {
                context.ErrorAt($"{path}.{key}", $"label '{key}' is either true or false: give one value (got {values.Count})");
                continue;
            }
            var normalised = new JsonArray();
            for (var j = 0; j < values.Count; j++)
            {
                var text = values[j]!.GetValue<string>();
                var valuePath = values.Count == 1 && context.NodeAt($"{path}.{key}[0]") is null ? $"{path}.{key}" : $"{path}.{key}[{j}]";
                JsonNode? value = key switch
                {
                    _ when isLabel => text switch { "true" or "True" or "1" => true, "false" or "False" or "0" => false, _ => null },
                    "fitzpatrick" => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var type) && type is >= 1 and <= 6 ? type : null,
                    "age" => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var age) && age <= 150 ? age : null,
                    _ => text,
                };
                if (value is null)
                {
                    var expected = isLabel ? "true or false" : key == "fitzpatrick" ? "a skin type from 1 to 6" : "an age in years";
                    context.ErrorAt(valuePath, $"'{key}' must be {expected} (got '{text}')");
                    continue;
                }
                normalised.Add(value);
            }
            where[key] = normalised;
        }
    }

    private static void CheckQuotas(JsonObject spec, List<string> subgroups, ValidationContext context)
    {
        if (JsonRead.Array(spec, "quotas") is not { } quotas) return;
        for (var i = 0; i < quotas.Count; i++)
        {
            var name = JsonRead.String(quotas[i], "subgroup");
            if (name is null || subgroups.Contains(name)) continue;
            var hint = KeySuggester.Closest(name, subgroups) is { } close ? $"; did you mean '{close}'?" : "";
            var defined = subgroups.Count == 0 ? "no subgroups are defined" : $"defined: {string.Join(", ", subgroups)}";
            context.ErrorAt($"quotas[{i}].subgroup", $"unknown subgroup '{name}' ({defined}){hint}");
        }
    }

    private static void FillDerivedDefaults(JsonObject spec)
    {
        if (JsonRead.Object(spec, "release") is { } release && release["name"] is null && JsonRead.String(spec, "name") is { } name)
            release["name"] = name;
        var data = JsonRead.Object(spec, "data");
        if (JsonRead.Object(data, "splits") is { } splits && splits["seed"] is null && spec["seed"] is JsonValue seed)
            splits["seed"] = seed.DeepClone();
        if (data is not null && JsonRead.String(data, "source") == DataSources.Procedural && data["procedural"] is null)
            data["procedural"] = ((Schema.ObjectSchema)((Schema.ObjectSchema)DatasetSpecSchema.Root.Field("data")!.Schema).Field("procedural")!.Schema).Defaults();
    }
}
