using System.Text.Json.Nodes;

namespace Toolchain.Specs.Tests;

public class OverrideTests
{
    private const string Overrides = """

        overrides:
          refine:
            epochs: 2
            lora: {rank: 8}
          sample:
            num_steps: 6
        """;

    [Fact]
    public void Overrides_deep_merge_into_the_pipeline_stages()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec + Overrides).Pipeline(SpecFiles.MinimalPipeline);
        var spec = files.Load();
        var refine = spec.GetStage("refine").Settings;
        Assert.Equal(2, refine["epochs"]!.GetValue<int>());
        Assert.Equal(16, refine["samples_per_epoch"]!.GetValue<int>()); // from the pipeline
        Assert.Equal(8, refine["lora"]!["rank"]!.GetValue<int>());
        Assert.Equal(4.0, refine["lora"]!["alpha"]!.GetValue<double>()); // sibling default survives the merge
        Assert.Equal(6, spec.GetStage("sample").Settings["num_steps"]!.GetValue<int>());
        Assert.False(spec.DatasetSettings.ContainsKey("overrides"));
    }

    [Fact]
    public void An_invalid_override_is_reported_in_the_spec_file_under_overrides()
    {
        var spec = SpecFiles.MinimalSpec + Overrides.Replace("epochs: 2", "epochs: 0").Replace("num_steps: 6", "num_stpes: 6");
        using var files = new SpecFiles().Spec(spec).Pipeline(SpecFiles.MinimalPipeline);
        var errors = files.Errors();
        ErrorAssert.Single(errors, "spec.yaml", 15, 13, "overrides.refine.epochs", "must be between 1 and 100000 (got 0)");
        ErrorAssert.Single(errors, "spec.yaml", 18, 5, "overrides.sample.num_stpes", "did you mean 'num_steps'?");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Cross_stage_rules_see_merged_values_and_point_at_the_overriding_file()
    {
        // The pipeline's samples_per_epoch (16) is fine with batch_size 4 but not with an overridden 5.
        var spec = SpecFiles.MinimalSpec + "\noverrides:\n  refine: {batch_size: 5}\n";
        using var files = new SpecFiles().Spec(spec).Pipeline(SpecFiles.MinimalPipeline);
        ErrorAssert.Single(files.Errors(), "spec.yaml", 14, 24, "overrides.refine.batch_size", "must divide samples_per_epoch (16) (got 5)");
    }

    [Fact]
    public void Overriding_a_stage_the_pipeline_lacks_is_an_error()
    {
        var pipeline = "name: pipe\nstages:\n  prepare: {}\n";
        var spec = SpecFiles.MinimalSpec + "\noverrides:\n  refine: {epochs: 3}\n";
        using var files = new SpecFiles().Spec(spec).Pipeline(pipeline);
        ErrorAssert.Single(files.Errors(), "spec.yaml", 14, 3, "overrides.refine", "stage 'refine' is not in the pipeline");
    }

    [Fact]
    public void Overridden_paths_resolve_against_the_spec_file_but_hash_as_written()
    {
        var spec = SpecFiles.MinimalSpec + "\noverrides:\n  evaluate: {inception_weights: ../weights/inception.safetensors}\n";
        using var files = new SpecFiles().Spec(spec).Pipeline(SpecFiles.MinimalPipeline);
        var evaluate = files.Load().GetStage("evaluate");
        Assert.Equal("../weights/inception.safetensors", evaluate.Settings["inception_weights"]!.GetValue<string>());
        Assert.Equal(Path.Combine(files.Root, "weights", "inception.safetensors"), evaluate.ResolvePath("inception_weights"));
        Assert.DoesNotContain(files.Root, evaluate.Settings.ToJsonString());
    }
}
