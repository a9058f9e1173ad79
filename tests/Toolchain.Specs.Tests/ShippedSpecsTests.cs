using Toolchain.Specs.Loading;
using Toolchain.Specs.Model;

namespace Toolchain.Specs.Tests;

public class ShippedSpecsTests
{
    public static TheoryData<string> DatasetSpecs() => YamlFilesIn("dataset-specs");

    public static TheoryData<string> Pipelines() => YamlFilesIn("pipelines");

    public static TheoryData<string> Experiments() => YamlFilesIn("experiments");

    private static TheoryData<string> YamlFilesIn(string folder) =>
        [.. Directory.GetFiles(RepoFiles.PathOf(folder), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(DatasetSpecs))]
    public void Every_shipped_dataset_spec_loads(string file)
    {
        var spec = SpecLoader.Load(RepoFiles.PathOf(Path.Combine("dataset-specs", file)));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), spec.Dataset.Name);
        Assert.NotEmpty(spec.Stages);
    }

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Every_shipped_experiment_resolves_each_arm(string file)
    {
        // Their headers report measurements; an experiment that no longer resolves could not reproduce them.
        var experiment = RlComparisonSpec.Load(RepoFiles.PathOf(Path.Combine("experiments", file)));
        Assert.Contains(experiment.Reference, experiment.Arms.Select(a => a.Name));
        foreach (var arm in experiment.Arms)
        {
            Assert.NotEmpty(experiment.Resolve(arm).GetStage("refine").Settings);
        }
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Every_shipped_pipeline_loads_on_its_own(string file)
    {
        var (info, stages) = SpecLoader.LoadPipeline(RepoFiles.PathOf(Path.Combine("pipelines", file)));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), info.Name);
        Assert.Equal(9, stages.Count);
    }

    [Fact]
    public void The_rl4med_spec_has_the_papers_settings_and_loads_without_its_data()
    {
        var spec = SpecLoader.Load(RepoFiles.PathOf("dataset-specs/isic2019-rl4med.yaml"));
        Assert.False(Directory.Exists(spec.Dataset.Data.Path!.Resolved));
        Assert.Equal(RepoFiles.PathOf("data/isic2019-rl4med"), spec.Dataset.Data.Path.Resolved);

        var finetune = spec.GetStage("finetune");
        Assert.Equal("../models/stable-diffusion-v1-5", finetune.Settings["base"]!.GetValue<string>());
        Assert.Equal(RepoFiles.PathOf("models/stable-diffusion-v1-5"), finetune.ResolvePath("base"));
        Assert.Equal(512, spec.GetStage("prepare").Settings["resolution"]!.GetValue<int>());

        var refine = spec.GetStage("refine").Settings;
        Assert.Equal(
            (4, 256, 2, 5.0, 1.0, 1e-4, 10.0, 50, 50, 32, 16),
            (refine["lora"]!["rank"]!.GetValue<int>(), refine["samples_per_epoch"]!.GetValue<int>(), refine["updates_per_epoch"]!.GetValue<int>(),
             refine["guidance_scale"]!.GetValue<double>(), refine["eta"]!.GetValue<double>(), refine["clip_range"]!.GetValue<double>(),
             refine["adv_clip_max"]!.GetValue<double>(), refine["num_steps"]!.GetValue<int>(), refine["epochs"]!.GetValue<int>(),
             refine["stat_tracking"]!["buffer_size"]!.GetValue<int>(), refine["stat_tracking"]!["min_count"]!.GetValue<int>()));
        Assert.Equal(0.5, spec.GetStage("train_reward").Settings["classifier"]!["threshold"]!.GetValue<double>());
    }

    [Fact]
    public void The_ci_spec_shrinks_the_tiny_pipeline_through_overrides()
    {
        var ci = SpecLoader.Load(RepoFiles.PathOf("dataset-specs/ci.yaml"));
        var demo = SpecLoader.Load(RepoFiles.PathOf("dataset-specs/demo.yaml"));
        Assert.Equal(demo.Pipeline.File, ci.Pipeline.File);
        Assert.Equal(240, ci.Dataset.Data.Procedural!.Count);
        Assert.Equal(2, ci.GetStage("refine").Settings["epochs"]!.GetValue<int>());
        Assert.Equal(16, demo.GetStage("refine").Settings["epochs"]!.GetValue<int>());
        Assert.Equal(2000, demo.Dataset.Data.Procedural!.Count);
        Assert.Contains(demo.Dataset.Quotas, q => q.Rule.Kind == QuotaKind.FillTo);
    }

    [Fact]
    public void Relative_spec_paths_give_relative_file_names_in_errors()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec.Replace("seed: 3", "seed: x")).Pipeline(SpecFiles.MinimalPipeline);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), files.SpecPath);
        var error = Assert.Single(Assert.Throws<Validation.SpecValidationException>(() => SpecLoader.Load(relative)).Errors);
        Assert.Equal(relative, error.Location.File);
    }
}
