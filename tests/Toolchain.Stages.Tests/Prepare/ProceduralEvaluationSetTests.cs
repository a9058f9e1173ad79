using System.Security.Cryptography;
using Toolchain.Data.Canonical;
using Toolchain.Data.Procedural;
using Toolchain.Data.Subgroups;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Model;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Tests.Prepare;

public class ProceduralEvaluationSetTests
{
    private static readonly SubgroupDefinition MelanomaInk = new("mel-ink",
        new Dictionary<string, IReadOnlyList<string>> { [SubgroupDefinition.DiagnosisField] = ["MEL"], ["ink"] = ["1"] });

    private static readonly SubgroupDefinition NevusHair = new("nv-hair",
        new Dictionary<string, IReadOnlyList<string>> { [SubgroupDefinition.DiagnosisField] = ["NV"], ["hair"] = ["1"] });

    [Fact]
    public void Every_subgroup_gets_at_least_the_set_number_and_correlations_do_not_apply()
    {
        var real = new ProceduralOptions
        {
            Seed = 5,
            ArtifactRates = new ArtifactRates(0.3, 0.2, 0.2, 0.2, 0.1),
            // In the real data ink is never on a melanoma: the evaluation set must still find melanomas with ink.
            ArtifactCorrelations = [new(ArtifactFlags.Ink, 0.0)],
            RareCombinations = [Toolchain.Data.Procedural.RareCombination.Containing(Diagnoses.Nevus, ArtifactFlags.Hair, keepRate: 0)],
        };
        var options = ProceduralEvaluationSet.Options(real, new EvaluationSetSpec(PerSubgroup: 40, SeedOffset: 1));
        Assert.Empty(options.ArtifactCorrelations);
        Assert.Empty(options.RareCombinations);
        Assert.NotEqual(real.Seed, options.Seed);

        var generator = new ProceduralDermoscopyGenerator(options);
        var chosen = ProceduralEvaluationSet.Choose(generator, [MelanomaInk, NevusHair], 40);
        Assert.Equal(chosen.Order().ToList(), chosen);
        var records = chosen.Select(i => DatasetTranslation.Record(i, generator.SampleLabels(i), "", MaskFiles.None)).ToList();
        Assert.InRange(records.Count(MelanomaInk.Matches), 40, 41);
        Assert.InRange(records.Count(NevusHair.Matches), 40, 41);
        Assert.All(records, r => Assert.True(MelanomaInk.Matches(r) || NevusHair.Matches(r)));
    }

    [Fact]
    public void Another_seed_offset_draws_another_set()
    {
        var real = new ProceduralOptions { Seed = 5 };
        var a = ProceduralEvaluationSet.Options(real, new EvaluationSetSpec(10, 1));
        var b = ProceduralEvaluationSet.Options(real, new EvaluationSetSpec(10, 2));
        Assert.NotEqual(a.Seed, b.Seed);
    }

    [Fact]
    public void A_subgroup_the_generator_cannot_draw_is_an_error_naming_it()
    {
        var impossible = new SubgroupDefinition("nowhere",
            new Dictionary<string, IReadOnlyList<string>> { [SubgroupDefinition.SiteField] = ["moon"] });
        var generator = new ProceduralDermoscopyGenerator(new ProceduralOptions { Seed = 1 });
        var error = Assert.Throws<Toolchain.Core.ToolchainError>(() => ProceduralEvaluationSet.Choose(generator, [impossible], 1));
        Assert.Contains("'nowhere'", error.Message);
    }

    [Fact]
    public void Prepare_writes_the_set_apart_and_leaves_the_real_splits_unchanged()
    {
        using var workspace = new SpecWorkspace();
        var runner = new PipelineRunner(StageCatalogue.Default(), TextWriter.Null);
        var without = runner.Run(SpecLoader.Load(workspace.Spec("ci")), new RunOptions(workspace.Cache, "prepare")).Single().Entry.OutputsDirectory;
        workspace.Replace("ci", "    image_size: 32\n", "    image_size: 32\n    evaluation: {per_subgroup: 25}\n");
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var with = runner.Run(spec, new RunOptions(workspace.Cache, "prepare")).Single().Entry.OutputsDirectory;

        // The real splits are the same bytes with or without the evaluation set.
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(without, PrepareStage.DatasetFolder, CanonicalColumns.MetadataFileName)),
            File.ReadAllBytes(Path.Combine(with, PrepareStage.DatasetFolder, CanonicalColumns.MetadataFileName)));
        Assert.False(Directory.Exists(Path.Combine(without, ProceduralEvaluationSet.Folder)));

        var real = CanonicalDatasetReader.Read(Path.Combine(with, PrepareStage.DatasetFolder));
        var evaluationFolder = Path.Combine(with, ProceduralEvaluationSet.Folder);
        var evaluation = CanonicalDatasetReader.Read(evaluationFolder);
        Assert.All(evaluation.Records, r => Assert.Equal(SplitNames.Evaluation, r.Split));
        Assert.DoesNotContain(real.Records, r => r.Split == SplitNames.Evaluation);

        var plan = SubgroupPlan.Build(spec.Dataset, real.Records);
        Assert.Contains(plan.Subgroups, s => s.Name == "mel-ink");
        foreach (var subgroup in plan.Subgroups)
            Assert.True(evaluation.Records.Count(subgroup.Matches) >= 25, $"{subgroup.Name}: {evaluation.Records.Count(subgroup.Matches)} evaluation images");

        // No evaluation image is one of the real ones (train, val, test or judge).
        string Digest(string folder, string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file))));
        var realImages = real.Records.Select(r => Digest(Path.Combine(with, PrepareStage.DatasetFolder), r.FileName)).ToHashSet();
        Assert.DoesNotContain(evaluation.Records, r => realImages.Contains(Digest(evaluationFolder, r.FileName)));
        Assert.Empty(evaluation.Records.Select(r => r.Id).Intersect(real.Records.Select(r => r.Id)));
    }
}
