using Toolchain.Specs.Loading;
using Toolchain.Specs.Validation;

namespace Toolchain.Specs.Tests;

public class RlComparisonSpecTests
{
    private const string Experiment = """
        spec: ../dataset-specs/spec.yaml
        reference: plain
        judge_curve: {images_per_prompt: 2, every: 3}
        arms:
          plain:
            refine: {epochs: 4}
          groups:
            refine: {epochs: 4, algorithm: grpo, group_size: 4}
        """;

    [Fact]
    public void Arms_lay_their_settings_over_the_spec_and_its_overrides()
    {
        using var files = new SpecFiles()
            .Spec(SpecFiles.MinimalSpec + "\noverrides:\n  refine: {epochs: 2, learning_rate: 0.01}\n")
            .Pipeline(SpecFiles.MinimalPipeline);
        var experiment = Load(files, Experiment);

        Assert.Equal(("plain", 2, 3), (experiment.Reference, experiment.ImagesPerPrompt, experiment.Spacing.Epochs));
        Assert.Equal(["plain", "groups"], experiment.Arms.Select(a => a.Name));
        var groups = experiment.Resolve(experiment.Arms[1]).GetStage("refine").Settings;
        Assert.Equal(4, groups["epochs"]!.GetValue<int>()); // the arm wins over the spec's override
        Assert.Equal(0.01, groups["learning_rate"]!.GetValue<double>()); // the spec's override survives
        Assert.Equal("grpo", groups["algorithm"]!.GetValue<string>());
        Assert.Equal("ddpo", experiment.Resolve(experiment.Arms[0]).GetStage("refine").Settings["algorithm"]!.GetValue<string>());
    }

    [Fact]
    public void Common_settings_apply_to_every_arm_and_an_arm_overrides_them()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec).Pipeline(SpecFiles.MinimalPipeline);
        var experiment = Load(files, """
            spec: ../dataset-specs/spec.yaml
            common:
              refine: {epochs: 5, learning_rate: 0.02}
            arms:
              plain: {}
              slow:
                refine: {learning_rate: 0.001}
              bare:
            """);
        var plain = experiment.Resolve(experiment.Arms[0]).GetStage("refine").Settings;
        var slow = experiment.Resolve(experiment.Arms[1]).GetStage("refine").Settings;
        var bare = experiment.Resolve(experiment.Arms[2]).GetStage("refine").Settings;
        Assert.Equal((5, 0.02), (plain["epochs"]!.GetValue<int>(), plain["learning_rate"]!.GetValue<double>()));
        Assert.Equal((5, 0.001), (slow["epochs"]!.GetValue<int>(), slow["learning_rate"]!.GetValue<double>()));
        Assert.Equal(5, bare["epochs"]!.GetValue<int>());
    }

    [Fact]
    public void An_invalid_arm_setting_is_reported_in_the_experiment_file()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec).Pipeline(SpecFiles.MinimalPipeline);
        var experiment = Load(files, Experiment.Replace("group_size: 4", "group_size: 5"));
        var errors = Assert.Throws<SpecValidationException>(() => experiment.Resolve(experiment.Arms[1])).Errors;
        ErrorAssert.Single(errors, "rl.yaml", 8, 54, "arms.groups.refine.group_size", "must divide samples_per_epoch (16) (got 5)");
    }

    [Fact]
    public void Resolving_every_arm_reports_all_arms_problems_and_the_specs_own_once()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec + "\nbogus: 1\n").Pipeline(SpecFiles.MinimalPipeline);
        var experiment = Load(files, Experiment.Replace("epochs: 4}", "epochs: 0}").Replace("group_size: 4", "group_size: 5"));
        var errors = Assert.Throws<SpecValidationException>(() => experiment.ResolveArms()).Errors;

        Assert.Single(errors, e => e.KeyPath == "bogus");
        Assert.Single(errors, e => e.KeyPath == "arms.plain.refine.epochs");
        ErrorAssert.Single(errors, "rl.yaml", 8, 54, "arms.groups.refine.group_size", "must divide samples_per_epoch (16) (got 5)");
    }

    [Fact]
    public void Every_problem_in_the_file_is_reported_with_its_line()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec).Pipeline(SpecFiles.MinimalPipeline);
        var text = """
            spec: ../dataset-specs/missing.yaml
            reference: nobody
            judge_curve: {images_per_prompt: 0, evry: 2}
            arms:
              Plain: {}
              other: 3
            extra: 1
            """;
        var errors = Assert.Throws<SpecValidationException>(() => Load(files, text)).Errors;
        ErrorAssert.Single(errors, "rl.yaml", 1, 7, "spec", "dataset spec not found");
        ErrorAssert.Single(errors, "rl.yaml", 3, 34, "judge_curve.images_per_prompt", "expected an integer from 1 to 1000 (got '0')");
        ErrorAssert.Single(errors, "rl.yaml", 3, 37, "judge_curve.evry", "unknown key");
        ErrorAssert.Single(errors, "rl.yaml", 5, 3, "arms.Plain", "slugs");
        ErrorAssert.Single(errors, "rl.yaml", 6, 10, "arms.other", "expected a mapping of stage settings");
        ErrorAssert.Single(errors, "rl.yaml", 7, 1, "extra", "unknown key");
        Assert.Equal(6, errors.Count); // no arm is valid, so the reference is not checked against them
    }

    [Fact]
    public void The_judge_curve_can_be_spaced_by_samples_for_arms_with_different_epoch_sizes()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec).Pipeline(SpecFiles.MinimalPipeline);
        var experiment = Load(files, Experiment.Replace("every: 3", "every_samples: 2048"));
        Assert.Equal((null, 2048L), (experiment.Spacing.Epochs, experiment.Spacing.Samples));

        var both = Assert.Throws<SpecValidationException>(() => Load(files, Experiment.Replace("every: 3", "every: 3, every_samples: 64"))).Errors;
        ErrorAssert.Single(both, "rl.yaml", 3, 62, "judge_curve.every_samples", "either every (epochs) or every_samples, not both");
        var zero = Assert.Throws<SpecValidationException>(() => Load(files, Experiment.Replace("every: 3", "every_samples: 0"))).Errors;
        ErrorAssert.Single(zero, "rl.yaml", 3, 52, "judge_curve.every_samples", "expected an integer from 1 to 100000000 (got '0')");
    }

    [Theory]
    [InlineData(256, 16, "8,16")] // 2048 samples in 8 epochs
    [InlineData(1024, 5, "2,4,5")] // the last epoch is always measured
    [InlineData(1500, 4, "2,3,4")] // 3000 passes 2048, 4500 passes 4096, 6000 is the last
    public void Spacing_by_samples_measures_the_first_epoch_past_each_multiple(int samplesPerEpoch, int epochs, string expected)
    {
        var spacing = JudgeCurveSpacing.EverySamples(2048);
        var measured = Enumerable.Range(1, epochs)
            .Where(e => spacing.Measures(e, (long)(e - 1) * samplesPerEpoch, (long)e * samplesPerEpoch, isLast: e == epochs));
        Assert.Equal(expected, string.Join(",", measured));
    }

    [Fact]
    public void Spacing_by_epochs_measures_every_nth_and_the_last_epoch()
    {
        var spacing = JudgeCurveSpacing.EveryEpochs(3);
        Assert.Equal([3, 6, 7], Enumerable.Range(1, 7).Where(e => spacing.Measures(e, 0, 0, isLast: e == 7)));
        Assert.Equal("every 3 epoch(s)", spacing.Describe());
    }

    [Fact]
    public void A_reference_that_is_not_an_arm_and_a_single_arm_are_refused()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec).Pipeline(SpecFiles.MinimalPipeline);
        var unknown = Assert.Throws<SpecValidationException>(() => Load(files, Experiment.Replace("reference: plain", "reference: grpo"))).Errors;
        ErrorAssert.Single(unknown, "rl.yaml", 2, 12, "reference", "'grpo' is not one of the arms (plain, groups)");
        var single = Assert.Throws<SpecValidationException>(() => Load(files, "spec: ../dataset-specs/spec.yaml\narms:\n  only: {}\n")).Errors;
        ErrorAssert.Single(single, "rl.yaml", 3, 3, "arms", "at least two arms");
    }

    private static RlComparisonSpec Load(SpecFiles files, string yaml)
    {
        var path = Path.Combine(files.Root, "experiments", "rl.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
        return RlComparisonSpec.Load(path);
    }
}
