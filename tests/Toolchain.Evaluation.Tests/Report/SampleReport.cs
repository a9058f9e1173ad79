using Toolchain.Evaluation.Metrics;
using Toolchain.Evaluation.Plots;
using Toolchain.Evaluation.Report;
using Toolchain.Evaluation.Tests.Plots;

namespace Toolchain.Evaluation.Tests.Report;

/// <summary>
/// A full report with fake but plausible numbers, shaped like the one Evaluate and Retrain will fill:
/// used to check self-containment and determinism, and rendered by build/check-report.sh for a visual check.
/// </summary>
internal static class SampleReport
{
    private static readonly string[] Prompts =
    [
        "melanoma, ruler, no hair", "melanoma, hair, gel bubble", "nevus, ink, no ruler", "nevus, no artifacts",
    ];

    private static readonly string[] Subgroups = ["MEL + ruler + ink", "MEL + gel bubble", "NV + hair", "MEL", "NV"];

    public static ReportDocument Build()
    {
        var document = new ReportDocument("Synthetic dataset report: demo") { Subtitle = "spec demo, version 0.1.0, 32x32, 4 prompts, 5 subgroups" };

        document.AddSection("Spec summary")
            .Add(new KeyValueTable(null,
            [
                new("spec", "dataset-specs/demo.yaml (name demo, version 0.1.0)"),
                new("source", "procedural dermoscopy, 2,400 images, splits train/val/judge/test 60/10/15/15"),
                new("prompts", "4 templates over labels hair, gel_bubble, ruler, ink, MEL, NV"),
                new("quotas", "MEL + ruler + ink: 120; MEL + gel bubble: 120; NV + hair: 80"),
                new("reward", "attribute classifier 0.7 + VLFM 0.3, phases: diagnosis (4 epochs), artifacts (8 epochs)"),
            ]));

        var metrics = document.AddSection("Image metrics: baseline vs refined");
        metrics.Add(new Note("No Inception weights were supplied, so distances use the judge's features: " +
            "'Frechet distance (judge)' is not FID and is not comparable with published FID values.", NoteKind.Warning));
        metrics.Add(new MetricTable("Overall, N = 256 images per side at 32x32", "model",
            [
                new MetricColumn("Frechet distance (judge)", "0.00", BestValue.Lowest),
                new MetricColumn("KID", "0.0000", BestValue.Lowest),
                new MetricColumn("precision", "0.000", BestValue.Highest),
                new MetricColumn("recall", "0.000", BestValue.Highest),
                new MetricColumn("APR", "0.000", BestValue.Highest),
                new MetricColumn("diagnosis agreement", "0.000", BestValue.Highest),
                new MetricColumn("CLIP score", "0.000", BestValue.Highest),
            ],
            [
                new MetricRow("FineTune baseline", [41.23, new MetricCell(0.0312, 0.0021), 0.612, 0.538, 0.211, 0.744, 0.262]),
                new MetricRow("refined (DDPO)", [35.71, new MetricCell(0.0241, 0.0018), 0.684, 0.472, 0.463, 0.812, 0.291]),
            ]));
        metrics.Add(new Figure(new MetricComparison("Baseline vs refined", ["baseline", "refined"])
            .Add(new MetricPanel("Frechet distance (judge)", false, [41.23, 35.71], ValueFormat: "0.0"))
            .Add(new MetricPanel("KID", false, [0.0312, 0.0241], [0.0021, 0.0018], "0.0000"))
            .Add(new MetricPanel("APR", true, [0.211, 0.463]))
            .Add(new MetricPanel("diagnosis agreement", true, [0.744, 0.812]))
            .Add(new MetricPanel("recall", true, [0.538, 0.472]))
            .Add(new MetricPanel("diversity", true, [0.91, 0.83], ValueFormat: "0.00"))
            .ToPng(), "Each metric on its own scale; the best arm is outlined."));
        metrics.Add(new Figure(new BarChart("Judge APR per prompt", "APR", Prompts) { ValueRange = (0, 1) }
            .Add(new BarGroup("baseline", [0.18, 0.12, 0.27, 0.29]))
            .Add(new BarGroup("refined", [0.52, 0.31, 0.49, 0.53]))
            .ToPng(), "Share of images whose judge-predicted artifact labels all equal the prompt's."));

        var training = document.AddSection("Training curves");
        double[] epochs = [.. Enumerable.Range(1, 12).Select(e => (double)e)];
        double[] reward = [.. epochs.Select(e => 0.31 + 0.42 * (1 - Math.Exp(-e / 5)) + 0.01 * Math.Sin(3 * e))];
        training.Add(new Figure(new LineChart("Reward per epoch", "epoch", "reward (mean \u00b1 sd)")
            .Add(new LineSeries("overall", epochs, reward, [.. epochs.Select(e => 0.14 - 0.005 * e)]))
            .Add(new LineSeries("phase 1: diagnosis", epochs[..4], [.. reward[..4].Select(r => r + 0.05)]))
            .Add(new LineSeries("phase 2: artifacts", epochs[4..], [.. reward[4..].Select(r => r - 0.04)]))
            .ToPng(), "Reward mean per epoch with a \u00b11 sd band; phases as configured in the pipeline."));
        double[] steps = [.. Enumerable.Range(0, 300).Select(s => (double)s)];
        training.Add(new Figure(new LineChart("FineTune loss", "step", "loss") { Smoothing = 0.9 }
            .Add(new LineSeries("loss", steps, [.. steps.Select(s => 0.09 + 0.5 / (1 + s / 15) + 0.04 * Math.Sin(s * 1.7))]))
            .ToPng(), "Denoising loss per step (raw, faint) and smoothed (EMA 0.9)."));

        var samples = document.AddSection("Samples per prompt");
        var grid = new ImageGrid("Real vs baseline vs refined", ["real", "real", "baseline", "baseline", "refined", "refined"]);
        ulong seed = 100;
        foreach (var prompt in Prompts)
        {
            bool hair = prompt.Contains("hair, ", StringComparison.Ordinal) || prompt.StartsWith("melanoma, hair", StringComparison.Ordinal);
            bool ruler = prompt.Contains(" ruler", StringComparison.Ordinal) && !prompt.Contains("no ruler", StringComparison.Ordinal);
            grid.Add(new ImageGridRow(prompt,
            [
                FakeImages.Lesion(seed++, hair, ruler), FakeImages.Lesion(seed++, hair, ruler),
                FakeImages.Lesion(seed++), FakeImages.Lesion(seed++, hair),
                FakeImages.Lesion(seed++, hair, ruler), FakeImages.Lesion(seed++, hair, ruler),
            ]));
        }
        samples.Add(new ImageGridFigure(grid.ToPng(), "Two samples per column group; seeds fixed per prompt."));

        var downstream = document.AddSection("Downstream classifier: real only vs real + synthetic");
        downstream.Add(new Paragraph("ResNet-18 classifier, same budget (20 epochs), 3 seeds per arm, evaluated on the real held-out test split. " +
            "Differences are real+synthetic minus real-only with a 95% paired bootstrap interval (2,000 resamples)."));
        downstream.Add(new MetricTable("Overall (mean \u00b1 sd over 3 seeds)", "arm",
            [new MetricColumn("accuracy", "0.000", BestValue.Highest), new MetricColumn("balanced accuracy", "0.000", BestValue.Highest), new MetricColumn("AUROC", "0.000", BestValue.Highest)],
            [
                new MetricRow("real only", [new MetricCell(0.801, 0.006), new MetricCell(0.694, 0.011), new MetricCell(0.871, 0.004)]),
                new MetricRow("real + synthetic", [new MetricCell(0.808, 0.005), new MetricCell(0.731, 0.009), new MetricCell(0.879, 0.005)]),
                new MetricRow("difference [95% CI]", [new MetricCell(0.007, Text: "+0.007 [-0.004, 0.018]"), new MetricCell(0.037, Text: "+0.037 [0.012, 0.061]"), new MetricCell(0.008, Text: "+0.008 [-0.001, 0.017]")]),
            ]));
        double[] realOnly = [0.41, 0.55, 0.62, 0.78, 0.91];
        double[] withSynthetic = [0.53, 0.58, 0.60, 0.79, 0.90];
        downstream.Add(new Figure(new BarChart("Accuracy per subgroup (rare first)", "accuracy", Subgroups) { ValueRange = (0, 1.05) }
            .Add(new BarGroup("real only", realOnly, [0.04, 0.03, 0.03, 0.01, 0.01]))
            .Add(new BarGroup("real + synthetic", withSynthetic, [0.03, 0.03, 0.04, 0.01, 0.01]))
            .ToPng(), "Mean over 3 seeds; error bars are \u00b11 sd."));
        Verdict[] verdicts = [Verdict.Helped, Verdict.NoDetectableEffect, Verdict.NoDetectableEffect, Verdict.NoDetectableEffect, Verdict.Hurt];
        string[] intervals = ["[+0.05, +0.19]", "[-0.04, +0.10]", "[-0.09, +0.05]", "[-0.01, +0.03]", "[-0.02, -0.001]"];
        downstream.Add(new VerdictList("Did synthetic data help? One line per subgroup, rarest first.",
            [.. Subgroups.Select((s, i) => new VerdictLine(s, verdicts[i],
                $"accuracy {realOnly[i]:0.00} \u2192 {withSynthetic[i]:0.00}, difference 95% CI {intervals[i]}"))]));

        var memo = document.AddSection("Memorisation: closest generated images to training images");
        memo.Add(new Paragraph("Distance is Euclidean on judge features to the nearest of 1,440 training images; the median over all generated images is 4.12."));
        var cases = new List<MemorisationCase>();
        for (int i = 0; i < 4; i++)
        {
            var nearest = FakeImages.Lesion(500 + (ulong)i, hair: i % 2 == 0);
            var generated = i == 0 ? nearest : FakeImages.Lesion(600 + (ulong)i, hair: i % 2 == 0);
            cases.Add(new MemorisationCase(generated, nearest, 0.42 + 0.61 * i, $"prompt '{Prompts[i % Prompts.Length]}', seed {17 + i}", $"train/img_{1021 + 37 * i:00000}.png"));
        }
        memo.Add(new MemorisationCases("Worst 4 of 320 generated images", cases, Threshold: 0.8));

        document.AddSection("Provenance")
            .Add(new KeyValueTable("Upstream outputs (manifest digest per stage)",
            [
                new("Prepare", "3f1c9a0e5b7d2c48"), new("FineTune", "a81e44c09d2b7f13"), new("TrainReward", "5c02d9e7a13f8b66"),
                new("Refine", "e7b90a1c6d4f2358"), new("Sample", "0d4c7e91b2a5f836"), new("Filter", "91fa3c5e7b0d2468"),
                new("Evaluate", "c3e5a7b9d1f20486"), new("Retrain", "7a9c1e3f5b7d9024"),
            ]))
            .Add(new KeyValueTable("Environment and seeds",
            [
                new("toolchain", "0.1.0 (source revision 5b9ab1e)"), new("TorchSharp / libtorch", "0.107.0 / 2.7.1 (cpu)"),
                new("threads", "2"), new("seeds", "data 1, finetune 2, reward 3, judge 4, refine 5, sample 6, retrain 7-9"),
                new("plot font", PlotTheme.FontFamily),
            ]));
        return document;
    }
}
