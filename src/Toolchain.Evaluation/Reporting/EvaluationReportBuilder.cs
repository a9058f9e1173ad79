using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Evaluation.Downstream;
using Toolchain.Evaluation.Plots;
using Toolchain.Evaluation.Report;

namespace Toolchain.Evaluation.Reporting;

/// <summary>
/// Turns the evaluation's results into a <see cref="ReportDocument"/>: spec summary, image metrics (overall,
/// per subgroup, per prompt), reward curve, sample grids, memorisation cases, the downstream study when present,
/// and provenance. Missing parts (no refined model, no Retrain, no VLFM) are said in the report, never hidden.
/// </summary>
public static class EvaluationReportBuilder
{
    private static readonly string[] ArmOrder = ["real", "baseline", "refined"];

    private const int MaxChartedSubgroups = 6;

    private static readonly (string Key, string Header, string Short, string Format, BestValue Best)[] OverallColumns =
    [
        ("apr", "APR", "APR", "0.000", BestValue.Highest),
        ("diagnosis_agreement", "diagnosis agreement", "diagnosis agreement", "0.000", BestValue.Highest),
        ("clip_score", "CLIP score (VLFM)", "CLIP score", "0.00", BestValue.Highest),
        ("frechet_judge_features", "Frechet distance (judge features)", "Frechet (judge)", "G4", BestValue.Lowest),
        ("kid_judge_features", "KID (judge features)", "KID (judge)", "G3", BestValue.Lowest),
        ("precision", "precision", "precision", "0.000", BestValue.Highest),
        ("recall", "recall", "recall", "0.000", BestValue.Highest),
        ("diversity_judge_features", "within-prompt diversity", "diversity", "G4", BestValue.None),
    ];

    // Present only when the user supplied the networks' weights (null otherwise, so the columns would be empty).
    private static readonly (string Key, string Header, string Short, string Format, BestValue Best)[] OptionalColumns =
    [
        ("fid", "FID (Inception-v3)", "FID", "G4", BestValue.Lowest),
        ("kid", "KID (Inception-v3)", "KID", "G3", BestValue.Lowest),
        ("diversity_lpips", "within-prompt LPIPS", "LPIPS diversity", "G4", BestValue.None),
    ];

    private static (string Key, string Header, string Short, string Format, BestValue Best)[] Columns(JsonObject metrics) =>
        [.. OverallColumns, .. OptionalColumns.Where(c => Value(metrics["baseline"], c.Key) is not null)];

    public static ReportDocument Build(EvaluationReportInputs inputs)
    {
        var document = new ReportDocument(inputs.Title) { Subtitle = inputs.Subtitle };
        document.AddSection("Spec summary").Add(new KeyValueTable(null, inputs.SpecSummary));
        AddImageMetrics(document, inputs);
        if (inputs.Rewards is { } rewards)
        {
            AddRewardCurve(document, rewards);
        }
        if (inputs.Samples.Count > 0)
        {
            AddSamples(document, inputs.Samples);
        }
        AddMemorisation(document, inputs);
        if (inputs.Downstream is { } downstream)
        {
            AddDownstream(document, downstream);
        }
        else
        {
            document.AddSection("Downstream classifier: real only vs real + synthetic")
                .Add(new Note("Not in this report: the Retrain stage writes the full report (with this section) into its own outputs.", NoteKind.Info));
        }
        document.AddSection("Provenance")
            .Add(new KeyValueTable("Upstream outputs (manifest digest per stage)", inputs.InputDigests))
            .Add(new KeyValueTable("Versions, seeds and environment", inputs.Environment));
        return document;
    }

    private static IEnumerable<string> Arms(JsonObject metrics) => ArmOrder.Where(metrics.ContainsKey);

    // Counts are stored as integers, metrics as doubles; a JsonValue built from an int does not convert itself to double.
    private static double? Value(JsonNode? section, string key) => section?[key] is JsonValue v
        ? v.TryGetValue<double>(out var d) ? d : v.TryGetValue<int>(out var i) ? i : v.TryGetValue<long>(out var l) ? l : null
        : null;

    private static int Count(JsonNode? section, string key) => section?[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;

    private static string Label(string arm) => arm switch
    {
        "real" => "real (test split)",
        "baseline" => "FineTune baseline",
        "refined" => "refined (FineTune + RL LoRA)",
        _ => arm,
    };

    private static void AddImageMetrics(ReportDocument document, EvaluationReportInputs inputs)
    {
        var metrics = inputs.Metrics;
        var section = document.AddSection("Image metrics: real vs baseline vs refined");
        var columns = Columns(metrics);
        section.Add(Value(metrics["baseline"], "fid") is null
            ? new Note(
                "Distances use the held-out judge classifier's penultimate features, not Inception-v3: 'Frechet distance (judge features)' " +
                "and 'KID (judge features)' are not FID/KID and cannot be compared with published values (no FID Inception weights were supplied). " +
                "The real reference is the test split, because the judge was trained on the judge split.", NoteKind.Warning)
            : new Note(
                "FID and KID use the FID Inception-v3 weights supplied (pool features of images resized to 299 px); the judge-feature distances " +
                "are reported beside them. Published FIDs use 10k-50k images: at the N below, FID is biased upwards and only comparable between " +
                "these models. The real reference is the test split, because the judge was trained on the judge split.", NoteKind.Info));
        if (!metrics.ContainsKey("refined"))
        {
            section.Add(new Note("No refined model: the pipeline has no Refine stage, so only the baseline is evaluated.", NoteKind.Info));
        }
        var baseline = metrics["baseline"];
        string resolution = metrics["settings"]?["resolution"]?.ToString() ?? "?";
        section.Add(new Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"N: {Count(baseline, "images")} generated images per model ({Count(metrics["settings"], "images_per_prompt")} per prompt, same prompts and seeds for both models), {Count(metrics["real"], "images")} real test images; distribution metrics compare {Count(baseline, "compared")} images per side at {resolution} px. The 'real' row's APR and diagnosis agreement measure the judge on real images (a ceiling); its distances compare the val split with the test split (a floor).")));
        var arms = Arms(metrics).ToList();
        var generatedArms = arms.Where(a => a != "real").ToList();
        // The real row is a reference, not a contender: it gets its own table so "best" highlights compare models only.
        section.Add(new MetricTable("Overall: generated models", "model",
            columns.Select(c => new MetricColumn(c.Header, c.Format, c.Best)).ToList(),
            generatedArms.Select(a => new MetricRow(Label(a), columns.Select(c => Cell(metrics[a], c.Key)).ToList())).ToList()));
        if (arms.Contains("real"))
        {
            section.Add(new MetricTable("Real reference: judge on real test images (ceiling); val vs test distances (floor)", "images",
                columns.Select(c => new MetricColumn(c.Header, c.Format)).ToList(),
                [new MetricRow(Label("real"), columns.Select(c => Cell(metrics["real"], c.Key)).ToList())]));
        }

        var comparison = new MetricComparison("Generated models compared (each metric on its own scale)", generatedArms);
        foreach (var (key, _, shortHeader, format, best) in columns)
        {
            var values = generatedArms.Select(a => Value(metrics[a], key)).ToList();
            if (values.All(v => v.HasValue) && best != BestValue.None)
            {
                comparison.Add(new MetricPanel(shortHeader, best == BestValue.Highest, values.Select(v => v!.Value).ToList(), ValueFormat: format));
            }
        }
        if (comparison.Panels.Count > 0)
        {
            section.Add(new Figure(comparison.ToPng(), "The better model per metric is outlined."));
        }

        var subgroups = (metrics["baseline"]?["per_subgroup"] as JsonObject)?.Select(kv => kv.Key).ToList() ?? [];
        // A chart with dozens of bars is unreadable: chart the subgroups with real test images (at most 6); the table lists all.
        var charted = subgroups.Where(s => Count(metrics["real"]?["per_subgroup"]?[s], "images") > 0 && Count(metrics["baseline"]?["per_subgroup"]?[s], "images") > 0).Take(MaxChartedSubgroups).ToList();
        if (charted.Count > 0)
        {
            var chart = new BarChart("APR per subgroup", "APR", charted) { ValueRange = (0, 1.05) };
            foreach (var arm in arms)
            {
                chart.Add(new BarGroup(Label(arm), charted.Select(s => Value(metrics[arm]?["per_subgroup"]?[s], "apr") ?? 0).ToList()));
            }
            section.Add(new Figure(chart.ToPng(), $"Share of images whose judge-predicted artifact labels all equal the prompt's, for the {charted.Count} subgroup(s) with real test images and generated images{(subgroups.Count > charted.Count ? $" (of {subgroups.Count}; the table lists all)" : "")}."));
        }
        if (subgroups.Count > 0)
        {
            section.Add(SliceTable("Per subgroup", "subgroup", subgroups, metrics, arms, "per_subgroup"));
        }
        var prompts = (metrics["baseline"]?["per_prompt"] as JsonObject)?.Select(kv => kv.Key).ToList() ?? [];
        if (prompts.Count > 0)
        {
            var prefix = PromptLabels.CommonPrefix(prompts);
            section.Add(SliceTable(prefix.Length > 0 ? $"Per prompt (each prompt starts with '{prefix.Trim()}')" : "Per prompt", "prompt", prompts, metrics, arms, "per_prompt", prefix));
        }
    }

    private static MetricTable SliceTable(string caption, string header, IReadOnlyList<string> names, JsonObject metrics, IReadOnlyList<string> arms, string map, string prefix = "")
    {
        var generated = arms.Where(a => a != "real").ToList();
        var columns = new List<MetricColumn> { new("real images", "0") };
        var keys = new List<(string Arm, string Key)> { ("real", "images") };
        foreach (var arm in generated)
        {
            columns.Add(new MetricColumn($"APR {arm}", "0.000"));
            keys.Add((arm, "apr"));
        }
        foreach (var arm in generated)
        {
            columns.Add(new MetricColumn($"Frechet (judge) {arm}", "G4"));
            keys.Add((arm, "frechet_judge_features"));
        }
        foreach (var arm in generated)
        {
            columns.Add(new MetricColumn($"diversity {arm}", "G4"));
            keys.Add((arm, "diversity_judge_features"));
        }
        var rows = names.Select(n => new MetricRow(PromptLabels.Shorten(n, prefix), keys.Select(k => Cell(metrics[k.Arm]?[map]?[n], k.Key)).ToList())).ToList();
        return new MetricTable(caption + " (blank = not measurable: too few images)", header, columns, rows);
    }

    private static MetricCell Cell(JsonNode? section, string key)
    {
        var value = Value(section, key);
        if (key is "kid_judge_features" or "kid" && value is { } v)
        {
            return new MetricCell(v, Value(section, key + "_sd"));
        }
        return value is null ? MetricCell.Missing : new MetricCell(value);
    }

    private static void AddRewardCurve(ReportDocument document, RewardCurve rewards)
    {
        var chart = new LineChart("Refine: reward per epoch", "epoch", "reward (mean \u00b1 sd)")
            .Add(new LineSeries("reward", rewards.Epochs, rewards.Mean, rewards.StandardDeviation));
        var phases = rewards.Phases.Distinct().ToList();
        document.AddSection("RL refinement")
            .Add(new Figure(chart.ToPng(), phases.Count > 1
                ? $"Mean reward of each epoch's samples with a \u00b11 sd band; phases: {string.Join(", ", phases)}."
                : "Mean reward of each epoch's samples with a \u00b11 sd band."));
    }

    private static void AddSamples(ReportDocument document, IReadOnlyList<PromptSamples> samples)
    {
        // Two images per source at 2x keep the grid within the page width, so labels stay legible.
        const int perSource = 2;
        var labels = new[] { "real", "baseline", "refined" }.SelectMany(l => Enumerable.Repeat(l, perSource)).ToList();
        var prefix = PromptLabels.CommonPrefix(samples.Select(s => s.Prompt).ToList());
        var grid = new ImageGrid("Real vs baseline vs refined", labels) { LabelWidth = 330, Scale = 2 };
        RgbImage? blank = null;
        foreach (var row in samples)
        {
            var reference = row.Baseline.Concat(row.Real).Concat(row.Refined).First();
            blank ??= new RgbImage(reference.Width, reference.Height, Enumerable.Repeat((byte)255, reference.Width * reference.Height * 3).ToArray());
            IEnumerable<RgbImage> Padded(IReadOnlyList<RgbImage> images) => images.Take(perSource).Concat(Enumerable.Repeat(blank, perSource - Math.Min(perSource, images.Count)));
            grid.Add(new ImageGridRow(PromptLabels.Shorten(row.Prompt, prefix), [.. Padded(row.Real), .. Padded(row.Baseline), .. Padded(row.Refined)]));
        }
        var caption = "Baseline and refined columns use the same seeds; white cells: fewer real test images for that prompt." +
            (prefix.Length > 0 ? $" Every prompt starts with '{prefix.Trim()}'." : "");
        document.AddSection("Samples per prompt").Add(new ImageGridFigure(grid.ToPng(), caption));
    }

    private static void AddMemorisation(ReportDocument document, EvaluationReportInputs inputs)
    {
        var section = document.AddSection("Memorisation: generated images closest to a training image");
        var rows = new List<MetricRow>();
        foreach (var arm in Arms(inputs.Metrics).Where(a => a != "real"))
        {
            var m = inputs.Metrics[arm]?["memorisation"];
            if (m is not null)
            {
                rows.Add(new MetricRow(Label(arm), [Value(m, "min") ?? double.NaN, Value(m, "p05") ?? double.NaN, Value(m, "median") ?? double.NaN, Value(m, "mean") ?? double.NaN]));
            }
        }
        if (rows.Count == 0)
        {
            section.Add(new Note("No memorisation distances: no training images were available.", NoteKind.Warning));
            return;
        }
        section.Add(new MetricTable("Distance to the nearest train-split image (judge features)", "model",
            [new MetricColumn("min", "0.000"), new MetricColumn("5th percentile", "0.000"), new MetricColumn("median", "0.000"), new MetricColumn("mean", "0.000")], rows));
        if (inputs.MemorisationCases.Count > 0)
        {
            section.Add(new MemorisationCases(
                $"The {inputs.MemorisationCases.Count} closest of {inputs.GeneratedImages} generated images, each beside its nearest training image",
                inputs.MemorisationCases));
        }
    }

    private static string Interval(Metrics.PairedBootstrap.Interval d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Difference:+0.000;-0.000;0.000} [{d.Lower:0.000}, {d.Upper:0.000}]");

    private static void AddDownstream(ReportDocument document, DownstreamResult result)
    {
        var o = result.Options;
        var section = document.AddSection("Downstream classifier: real only vs real + synthetic");
        int synthetic = result.RealPlusSynthetic.TrainingImages - result.RealOnly.TrainingImages;
        string bootstrap = o.BootstrapSamples > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Differences: real+synthetic minus real-only, 95% paired bootstrap over test images ({o.BootstrapSamples} resamples).")
            : "No bootstrap (bootstrap_samples: 0).";
        section.Add(new Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"{o.Backbone.Kind} diagnosis classifier, {o.Seeds} seed(s) per arm, the same budget for both arms ({result.Steps} optimiser steps of batch {o.BatchSize}) and, per seed, the same initial weights. Training images: {result.RealOnly.TrainingImages} real vs {result.RealOnly.TrainingImages} real + {synthetic} synthetic. Scored on {result.TestImages} real test images. {bootstrap}")));
        if (synthetic == 0)
        {
            section.Add(new Note("Filter accepted no synthetic images, so both arms trained on the same data: this study cannot show an effect.", NoteKind.Warning));
        }
        MetricCell S(Spread? s) => s is null ? MetricCell.Missing : new MetricCell(s.Mean, s.StandardDeviation);
        var overall = result.Overall;
        section.Add(new MetricTable($"Overall (mean \u00b1 sd over {o.Seeds} seed(s))", "arm",
            [new MetricColumn("accuracy", "0.000", BestValue.Highest), new MetricColumn("balanced accuracy", "0.000", BestValue.Highest), new MetricColumn("AUROC", "0.000", BestValue.Highest)],
            [
                new MetricRow("real only", [S(result.RealOnly.Accuracy), S(result.RealOnly.BalancedAccuracy), S(result.RealOnly.MacroAuroc)]),
                new MetricRow("real + synthetic", [S(result.RealPlusSynthetic.Accuracy), S(result.RealPlusSynthetic.BalancedAccuracy), S(result.RealPlusSynthetic.MacroAuroc)]),
            ]));
        var slices = result.Subgroups.Prepend(overall).ToList();
        section.Add(new MetricTable("Accuracy per subgroup, rare subgroups first", "subgroup",
            [new MetricColumn("test images", "0"), new MetricColumn("real only", "0.000"), new MetricColumn("real + synthetic", "0.000"), new MetricColumn("difference [95% CI]", "0.000")],
            slices.Select(s => new MetricRow(s.Rare ? s.Name + " (rare)" : s.Name,
            [
                new MetricCell(s.TestImages), S(s.RealOnly), S(s.RealPlusSynthetic),
                s.Difference is { } d ? new MetricCell(d.Difference, Text: Interval(d)) : MetricCell.Missing,
            ])).ToList()));
        var measured = result.Subgroups.Where(s => s.RealOnly is not null && s.RealPlusSynthetic is not null).Take(MaxChartedSubgroups).ToList();
        if (measured.Count > 0)
        {
            section.Add(new Figure(new BarChart("Accuracy per subgroup (rare first)", "accuracy", measured.Select(s => s.Name).ToList()) { ValueRange = (0, 1.05) }
                .Add(new BarGroup("real only", measured.Select(s => s.RealOnly!.Mean).ToList(), measured.Select(s => s.RealOnly!.StandardDeviation ?? 0).ToList()))
                .Add(new BarGroup("real + synthetic", measured.Select(s => s.RealPlusSynthetic!.Mean).ToList(), measured.Select(s => s.RealPlusSynthetic!.StandardDeviation ?? 0).ToList()))
                .ToPng(), $"Mean over {o.Seeds} seed(s); error bars are \u00b11 sd."));
        }
        var verdicts = slices.Where(s => s.Verdict.HasValue).Select(s => new VerdictLine(s.Name, s.Verdict!.Value, s.Reading)).ToList();
        if (verdicts.Count > 0)
        {
            section.Add(new VerdictList("Did the synthetic data help? One line per subgroup, rare first.", verdicts));
        }
        // One note per reason, naming its subgroups: dozens of auto-detected rare cells would otherwise bury the verdicts.
        foreach (var group in slices.Where(s => !s.Verdict.HasValue).GroupBy(s => s.Reading))
        {
            section.Add(new Note($"{group.Key}: {string.Join(", ", group.Select(s => s.Name))}", NoteKind.Info));
        }
    }
}
