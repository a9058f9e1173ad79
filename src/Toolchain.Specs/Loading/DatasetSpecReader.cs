using System.Text.Json.Nodes;
using Toolchain.Specs.Model;

namespace Toolchain.Specs.Loading;

/// <summary>Turns the validated dataset-spec JSON into the typed <see cref="DatasetSpec"/> records.</summary>
internal static class DatasetSpecReader
{
    public static DatasetSpec Read(JsonObject spec, IReadOnlyDictionary<string, string> resolvedPaths)
    {
        SpecPath? PathAt(JsonObject? parent, string key, string logicalPath) =>
            parent?[key] is JsonValue v ? new SpecPath(v.GetValue<string>(), resolvedPaths[logicalPath]) : null;

        var data = (JsonObject)spec["data"]!;
        var splits = (JsonObject)data["splits"]!;
        var runtime = (JsonObject)spec["runtime"]!;
        var rare = (JsonObject)spec["rare"]!;
        var release = (JsonObject)spec["release"]!;

        return new DatasetSpec(
            Name: Str(spec, "name"),
            Description: Str(spec, "description"),
            Seed: Int(spec, "seed"),
            Pipeline: PathAt(spec, "pipeline", "pipeline")!,
            Runtime: new RuntimeSpec(Int(runtime, "threads"), Str(runtime, "device")),
            Data: new DataSection(
                Source: Str(data, "source"),
                Path: PathAt(data, "path", "data.path"),
                Images: PathAt(data, "images", "data.images"),
                Metadata: PathAt(data, "metadata", "data.metadata"),
                Mapping: (data["mapping"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>()) ?? new Dictionary<string, string>(),
                OnBadRows: Str(data, "on_bad_rows"),
                Procedural: data["procedural"] is JsonObject generator ? ReadProcedural(generator) : null,
                Splits: new SplitSpec(Num(splits, "train"), Num(splits, "val"), Num(splits, "test"), Num(splits, "judge"), Int(splits, "seed"))),
            Labels: [.. ((JsonArray)spec["labels"]!).Select(l => l!.GetValue<string>())],
            Prompts: new PromptSpec(Str((JsonObject)spec["prompts"]!, "template")),
            Subgroups: [.. ((JsonArray)spec["subgroups"]!).Select(s => new SubgroupSpec(
                Str((JsonObject)s!, "name"), ReadWhere((JsonObject)s!["where"]!), Str((JsonObject)s!, "description")))],
            Rare: new RareSpec(Int(rare, "threshold"), rare["quota"] is JsonObject q ? ReadQuota(q) : null),
            Quotas: [.. ((JsonArray)spec["quotas"]!).Select(q => new QuotaSpec(Str((JsonObject)q!, "subgroup"), ReadQuota((JsonObject)q!)))],
            Release: new ReleaseSpec(Str(release, "name"), Str(release, "version"), Str(release, "license")));
    }

    private static ProceduralSpec ReadProcedural(JsonObject generator) => new(
        Count: Int(generator, "count"),
        ImageSize: Int(generator, "image_size"),
        DiagnosisMix: ((JsonObject)generator["diagnosis_mix"]!).ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>()),
        ArtifactRates: ((JsonObject)generator["artifact_rates"]!).ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>()),
        FitzpatrickWeights: [.. ((JsonArray)generator["fitzpatrick_weights"]!).Select(w => w!.GetValue<double>())],
        RareCombinations: generator["rare_combinations"] is JsonArray combos
            ? [.. combos.Select(c => new RareCombination(ReadWhere((JsonObject)c!["where"]!), Num((JsonObject)c!, "rate")))]
            : [])
    {
        DiagnosisOverlap = generator["diagnosis_overlap"] is JsonValue overlap ? overlap.GetValue<double>() : 0,
        MelanomaGivenArtifact = generator["artifact_correlations"] is JsonArray correlations
            ? [.. correlations.Select(c => KeyValuePair.Create(Str((JsonObject)c!, "artifact"), MelanomaShare((JsonObject)c!)))]
            : [],
        Evaluation = generator["evaluation"] is JsonObject evaluation
            ? new EvaluationSetSpec(Int(evaluation, "per_subgroup"), Int(evaluation, "seed_offset"))
            : null,
    };

    // Validation made the two shares sum to 1 when both are given, so either one says it.
    private static double MelanomaShare(JsonObject shares) =>
        shares["MEL"] is JsonValue mel ? mel.GetValue<double>() : 1 - shares["NV"]!.GetValue<double>();

    private static IReadOnlyList<SubgroupCondition> ReadWhere(JsonObject where) =>
    [
        .. where.Select(kv =>
        {
            var values = (JsonArray)kv.Value!;
            var isLabel = values.Count > 0 && values[0] is JsonValue v && v.TryGetValue<bool>(out _);
            return isLabel
                ? new SubgroupCondition(kv.Key, true, values[0]!.GetValue<bool>(), [])
                : new SubgroupCondition(kv.Key, false, null, [.. values.Select(FieldText)]);
        }),
    ];

    private static string FieldText(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<int>(out var i) ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : value!.GetValue<string>();

    private static QuotaRule ReadQuota(JsonObject quota) =>
        quota["count"] is not null ? new QuotaRule(QuotaKind.Count, Int(quota, "count"))
        : quota["fill_to"] is not null ? new QuotaRule(QuotaKind.FillTo, Int(quota, "fill_to"))
        : new QuotaRule(QuotaKind.Ratio, Num(quota, "ratio"));

    private static string Str(JsonObject obj, string key) => obj[key]!.GetValue<string>();

    private static int Int(JsonObject obj, string key) => obj[key]!.GetValue<int>();

    private static double Num(JsonObject obj, string key) => obj[key]!.GetValue<double>();
}
