using System.Globalization;
using System.Text.Json.Nodes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Toolchain.Data.Canonical;
using Toolchain.Data.Imaging;
using ResizeMode = Toolchain.Data.Imaging.ResizeMode;
using Toolchain.Data.Importers;
using Toolchain.Data.Procedural;
using Toolchain.Data.Splits;
using Toolchain.Specs.Model;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Prepare;

/// <summary>
/// Materialises the real dataset in the canonical layout every later stage reads
/// (<c>dataset/</c>: PNG images at the model resolution, masks, <c>metadata.csv</c> with splits),
/// either by rendering the procedural generator or by importing a public dataset.
/// </summary>
public sealed class PrepareStage : IStage
{
    public const string DatasetFolder = "dataset";
    public const string SummaryFile = "summary.txt";

    public string Name => StageCatalog.Prepare;

    public StageSummary Run(StageContext context)
    {
        var spec = context.Spec.Dataset;
        int resolution = context.Settings["resolution"]!.GetValue<int>();
        var resize = DatasetTranslation.Resize(context.Settings["resize"]!.GetValue<string>());
        var output = Path.Combine(context.OutputDirectory, DatasetFolder);

        CanonicalDataset dataset;
        string summary;
        if (spec.Data.Source == "procedural")
        {
            dataset = RenderProcedural(context, resolution, resize, output);
            summary = ImportSummary.Create("procedural", dataset.Records.Count, dataset.Records, []).Render();
        }
        else
        {
            var request = DatasetTranslation.Import(spec, output, resolution, resize);
            using var task = context.Progress.Start($"importing {spec.Data.Source}", 1);
            var (imported, importSummary) = ImportRunner.Run(request, (done, total) =>
            {
                if (done == 1)
                {
                    task.Increment(0);
                }
            });
            dataset = imported;
            summary = importSummary.Render();
        }

        File.WriteAllText(context.Output(SummaryFile), summary);
        foreach (var line in summary.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(12))
        {
            context.Log.Detail(line);
        }
        var splits = dataset.Records.GroupBy(r => r.Split).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"));
        var facts = new JsonObject { ["images"] = dataset.Records.Count, ["resolution"] = resolution };
        return StageSummary.Of($"{dataset.Records.Count} images at {resolution}px ({string.Join(", ", splits)})", facts);
    }

    private static CanonicalDataset RenderProcedural(StageContext context, int resolution, ResizeMode resize, string output)
    {
        var spec = context.Spec.Dataset;
        var options = DatasetTranslation.Procedural(spec);
        int count = spec.Data.Procedural!.Count;
        var resizer = options.Resolution == resolution ? null : new ImageResizer(resolution, resize);

        using var writer = CanonicalDatasetWriter.Create(output);
        var records = WriteCases(context, new ProceduralDermoscopyGenerator(options), [.. Enumerable.Range(0, count)],
            DatasetTranslation.ProceduralId, resolution, resizer, writer, "rendering procedural dermoscopy images");
        // Generated cases have no official split: the planner assigns all four.
        var split = SplitPlanner.Assign(records, DatasetTranslation.Splits(spec) with { KeepOfficialSplit = false });
        var dataset = writer.Commit(split);

        if (spec.Data.Procedural.Evaluation is { } evaluation)
        {
            WriteEvaluationSet(context, options, evaluation, dataset.Records, resolution, resizer);
        }
        return dataset;
    }

    /// <summary>Writes <c>evaluation/</c>: every subgroup of the plan (spec subgroups and the rare cells the train split shows) at least per_subgroup times.</summary>
    private static void WriteEvaluationSet(StageContext context, ProceduralOptions real, EvaluationSetSpec settings,
        IReadOnlyList<CanonicalRecord> records, int resolution, ImageResizer? resizer)
    {
        var plan = SubgroupPlan.Build(context.Spec.Dataset, records);
        var generator = new ProceduralDermoscopyGenerator(ProceduralEvaluationSet.Options(real, settings));
        var chosen = ProceduralEvaluationSet.Choose(generator, plan.Subgroups, settings.PerSubgroup);
        using var writer = CanonicalDatasetWriter.Create(Path.Combine(context.OutputDirectory, ProceduralEvaluationSet.Folder));
        var evaluation = WriteCases(context, generator, chosen, ProceduralEvaluationSet.Id, resolution, resizer, writer,
            "rendering the procedural evaluation set");
        writer.Commit(evaluation.Select(r => r with { Split = SplitNames.Evaluation }));
        context.Log.Detail(string.Create(CultureInfo.InvariantCulture,
            $"evaluation set: {chosen.Count} images, at least {settings.PerSubgroup} of each of {plan.Subgroups.Count} subgroups"));
    }

    private static List<CanonicalRecord> WriteCases(StageContext context, ProceduralDermoscopyGenerator generator, IReadOnlyList<int> indices,
        Func<int, string> idOf, int resolution, ImageResizer? resizer, CanonicalDatasetWriter writer, string what)
    {
        var cases = new ProceduralCase[indices.Count];
        using (var task = context.Progress.Start(what, indices.Count))
        {
            // Each case depends only on (seed, index), so rendering order does not change the bytes.
            Parallel.For(0, indices.Count, new ParallelOptions { MaxDegreeOfParallelism = context.Environment.Threads, CancellationToken = context.Cancellation }, i =>
            {
                cases[i] = generator.Generate(indices[i]);
                task.Increment();
            });
        }

        var records = new List<CanonicalRecord>(indices.Count);
        for (int i = 0; i < indices.Count; i++)
        {
            var @case = cases[i];
            string id = idOf(indices[i]);
            using var image = Image.LoadPixelData<Rgb24>(@case.Rgb, @case.Width, @case.Height);
            string file;
            if (resizer is null)
            {
                file = writer.WriteImage(id, image);
            }
            else
            {
                using var resized = resizer.Resize(image);
                file = writer.WriteImage(id, resized);
            }
            var masks = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [MaskFiles.Lesion] = WriteMask(writer, id, MaskFiles.Lesion, @case.LesionMask, @case.Width, @case.Height, resolution),
            };
            foreach (var (artifact, mask) in @case.ArtifactMasks.OrderBy(m => m.Key))
            {
                string key = ArtifactNames.ColumnName(artifact);
                masks[key] = WriteMask(writer, id, key, mask, @case.Width, @case.Height, resolution);
            }
            records.Add(DatasetTranslation.Record(indices[i], @case, file, new MaskFiles(masks)) with { Id = id });
        }
        return records;
    }

    private static string WriteMask(CanonicalDatasetWriter writer, string id, string key, byte[] mask, int width, int height, int resolution)
    {
        using var image = Image.LoadPixelData<L8>(mask, width, height);
        if (width != resolution || height != resolution)
        {
            // Masks are labels, not pictures: nearest neighbour keeps them binary.
            image.Mutate(x => x.Resize(resolution, resolution, KnownResamplers.NearestNeighbor));
        }
        return writer.WriteMask(id, key, image);
    }
}
