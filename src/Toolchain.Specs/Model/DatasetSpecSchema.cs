using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Model;

/// <summary>Schema of a dataset spec (<c>dataset-specs/*.yaml</c>): WHAT to produce.</summary>
public static partial class DatasetSpecSchema
{
    /// <summary>A quota: exactly one of count / fill_to / ratio; for the <c>quotas:</c> list also the subgroup it is for.</summary>
    public static ObjectSchema QuotaRule(bool forSubgroup = false) =>
        (forSubgroup ? new ObjectSchema().Required("subgroup", new StringSchema(), "A subgroup name from `subgroups`.") : new ObjectSchema())
        .Optional("count", new IntSchema(1, 10_000_000), "Add exactly this many synthetic images.")
        .Optional("fill_to", new IntSchema(1, 10_000_000), "Add synthetic images until real plus synthetic reach this many.")
        .Optional("ratio", new FloatSchema(0, 100, minExclusive: true), "Add this many synthetic images per real image of the subgroup.")
        .ExactlyOneOf("count", "fill_to", "ratio");

    public static MapSchema Where() =>
        new(new ScalarOrListSchema(new StringSchema()), minEntries: 1, keyLabel: "label or field (diagnosis, fitzpatrick, site, age, sex)");

    private static ObjectSchema Procedural() => new ObjectSchema()
        .Default("count", new IntSchema(10, 1_000_000), 1200, "Images to generate.")
        .Default("image_size", new IntSchema(16, 1024), 64, "Side in pixels of the generated images (prepare then resizes them).")
        .Default("diagnosis_mix", new MapSchema(new FloatSchema(0, 1), DataSources.ProceduralDiagnoses, minEntries: 1),
            new JsonObject { ["MEL"] = 0.4, ["NV"] = 0.6 }, "Share of each diagnosis; sums to 1.")
        .Section("artifact_rates", new ObjectSchema()
            .Default("hair", new FloatSchema(0, 1), 0.3, "Probability of hair.")
            .Default("gel_bubble", new FloatSchema(0, 1), 0.15, "Probability of gel bubbles.")
            .Default("ruler", new FloatSchema(0, 1), 0.2, "Probability of a ruler.")
            .Default("ink", new FloatSchema(0, 1), 0.1, "Probability of ink markings.")
            .Default("dark_corner", new FloatSchema(0, 1), 0.15, "Probability of dark vignette corners."),
            "Independent probability of each artifact.")
        .Default("fitzpatrick_weights", new ListSchema(new FloatSchema(0, null), minItems: 6, maxItems: 6),
            new JsonArray(0.2, 0.3, 0.2, 0.15, 0.1, 0.05), "Relative frequency of Fitzpatrick skin types I to VI; not all zero.")
        .Optional("rare_combinations", new ListSchema(new ObjectSchema()
                .Required("where", Where(), "The combination, as in a subgroup's `where`.")
                .Required("rate", new FloatSchema(0, 1), "Keep only this share of the generated images that match it.")),
            "Make some label combinations rare on purpose, so there are under-represented subgroups to fill.")
        .Optional("diagnosis_overlap", new FloatSchema(0, 1),
            "How far a lesion's appearance (size, border, colours) may lean towards the other diagnosis: each case moves by a uniform share of this, so at 0.6 some melanomas look like nevi and vice versa; absent or 0 keeps the diagnoses apart.")
        .Optional("artifact_correlations", new ListSchema(new ObjectSchema()
                .Required("artifact", new EnumSchema(DataSources.ProceduralArtifacts), "The artifact.")
                .Optional("MEL", new FloatSchema(0, 1), "P(MEL | artifact): share of the cases showing it that are melanomas.")
                .Optional("NV", new FloatSchema(0, 1), "P(NV | artifact); with `MEL`, the two sum to 1."),
                uniqueField: "artifact"),
            "Artifact-diagnosis shortcuts in the generated (real) data, e.g. `[{artifact: ink, NV: 0.9}]`: a case showing ink is a nevus 9 times in 10, which a classifier can learn. A case showing several takes the first listed; `rare_combinations` thin the result afterwards. Absent: artifacts are independent of the diagnosis.")
        .Optional("evaluation", new ObjectSchema()
                .Default("per_subgroup", new IntSchema(1, 100_000), 200, "Evaluation images of every subgroup (the spec's and the detected rare ones); an image counts for each subgroup it matches.")
                .Default("seed_offset", new IntSchema(1, int.MaxValue), 1, "The set's generator seed is derived from the spec's `seed` and this, so it shares no case with the real splits."),
            "A held-out evaluation set, drawn anew with artifacts independent of the diagnosis (no `artifact_correlations`, no `rare_combinations`) and written by prepare as its own folder (`evaluation/`): only retrain's per-subgroup comparisons read it, never training, reward, judge or evaluate. Absent: none (retrain measures on the test split).");

    private static ObjectSchema Splits() => new ObjectSchema()
        .Default("train", new FloatSchema(0, 1, minExclusive: true), 0.7, "Share for training the generator and reward.")
        .Default("val", new FloatSchema(0, 1), 0.1, "Share for validation.")
        .Default("test", new FloatSchema(0, 1, minExclusive: true), 0.1, "Share held out for the downstream test.")
        .Default("judge", new FloatSchema(0, 1), 0.1, "Share reserved for the judge classifier (never seen by refine).")
        .Optional("seed", new IntSchema(0, int.MaxValue), "Seed of the split; defaults to the spec's `seed`.");

    public static ObjectSchema Root { get; } = new ObjectSchema()
        .Required("name", StringSchema.Slug(), "Spec name; names the release and cache entries.")
        .Default("description", new StringSchema(), "", "What this dataset is for.")
        .Required("seed", new IntSchema(0, int.MaxValue), "Root seed; every stage derives its generators from it.")
        .Required("pipeline", new PathSchema(), "Pipeline file, relative to this spec, e.g. `../pipelines/tiny-cpu.yaml`.")
        .Section("runtime", new ObjectSchema()
            .Default("threads", new IntSchema(1, 256), 2, "Torch threads, pinned so results reproduce.")
            .Default("device", new EnumSchema("cpu", "cuda"), "cpu", "Compute device."),
            "Where the numbers are computed; enters every cache key.")
        .Required("data", new ObjectSchema()
            .Required("source", new EnumSchema(DataSources.All), "Importer.")
            .Optional("path", new PathSchema(), "Dataset folder or file, relative to this spec; required unless `source` is `procedural`.")
            .Optional("images", new PathSchema(), "Image folder when it is not inside `path`.")
            .Optional("metadata", new PathSchema(), "`isic2019` only: the official metadata CSV (age, site, lesion id, sex).")
            .Optional("mapping", new MapSchema(new StringSchema(), keyLabel: "canonical column"), "`csv` only: canonical column (image, diagnosis, lesion_id, fitzpatrick, site, age, sex or a label) to the CSV's column.")
            .Default("on_bad_rows", new EnumSchema("fail", "skip"), "fail", "A row that cannot be read: stop, or skip it and count it in the report.")
            .Optional("procedural", Procedural(), "`procedural` only: the generator's settings (defaults apply when absent).")
            .Section("splits", Splits(), "Fractions of the real images per split; they sum to 1. Images of one lesion stay in one split."),
            "The real images.")
        .Default("labels", new ListSchema(new StringSchema(@"^[A-Za-z][A-Za-z0-9_]*$", "label name"), minItems: 1, uniqueItems: true),
            new JsonArray([.. DataSources.DefaultLabels.Select(l => (JsonNode?)l)]), "Binary labels the reward classifier and judge predict.")
        .Section("prompts", new ObjectSchema()
            .Default("template", new StringSchema(check: CheckTemplate, typeLabel: "`rl4med` or template string"), DataSources.Rl4MedTemplate,
                "`rl4med` (the paper's 32 prompts) or a template with slots {diagnosis}, {artifacts}, {fitzpatrick}, {site}, {age}, {sex}."),
            "How labels become text prompts.")
        .Default("subgroups", new ListSchema(new ObjectSchema()
                .Required("name", StringSchema.Slug(), "Subgroup name, unique.")
                .Required("where", Where(), "Conditions that all hold: a label (true/false) or field equal to a value or one of a list.")
                .Default("description", new StringSchema(), "", "What the subgroup is."),
                uniqueField: "name"),
            new JsonArray(), "Named subgroups for quotas and per-subgroup reports.")
        .Section("rare", new ObjectSchema()
            .Default("threshold", new IntSchema(1, 1_000_000), 20, "A diagnosis x artifact combination with fewer real training images than this is under-represented.")
            .Optional("quota", QuotaRule(), "Quota applied to every detected rare combination that has no explicit quota."),
            "Automatic detection of under-represented subgroups (the paper uses fewer than 20 images).")
        .Default("quotas", new ListSchema(QuotaRule(forSubgroup: true), uniqueField: "subgroup"),
            new JsonArray(), "How many synthetic images each subgroup gets; exactly one of count / fill_to / ratio each.")
        .Required("release", new ObjectSchema()
            .Optional("name", StringSchema.Slug(), "Release name; defaults to the spec's `name`.")
            .Required("version", StringSchema.SemVer(), "Release version.")
            .Default("license", StringSchema.LicenseId(), "other",
                "Licence of the released images as a Hugging Face licence id (`cc-by-nc-4.0`, ...; `other` when the training data's terms decide), written into the dataset card."),
            "Name and version of the released dataset.")
        .Optional("overrides", new AnyMappingSchema("map of stage name to settings (as under a pipeline's `stages:`)"),
            "Pipeline settings to change for this dataset, deep-merged into the pipeline's `stages:`.");

    private static string? CheckTemplate(string template)
    {
        if (template == DataSources.Rl4MedTemplate) return null;
        if (template.Trim().Length == 0) return "must be `rl4med` or a template string (got an empty string)";
        var withoutSlots = Slot().Replace(template, "");
        if (withoutSlots.Contains('{') || withoutSlots.Contains('}'))
            return $"has an unmatched '{{' or '}}' (got '{template}')";
        var unknown = Slot().Matches(template).Select(m => m.Groups[1].Value).Where(s => !DataSources.PromptSlots.Contains(s)).Distinct().ToList();
        if (unknown.Count > 0)
            return $"unknown template slot{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "{" + u + "}"))}; known slots: {string.Join(", ", DataSources.PromptSlots)}";
        return null;
    }

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Slot();
}
