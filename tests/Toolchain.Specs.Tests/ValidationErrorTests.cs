using Toolchain.Specs.Validation;

namespace Toolchain.Specs.Tests;

/// <summary>One test per class of error, each pinned to file, line, column and key path.</summary>
public class ValidationErrorTests
{
    private static IReadOnlyList<SpecError> SpecErrors(string spec, string pipeline = SpecFiles.MinimalPipeline)
    {
        using var files = new SpecFiles().Spec(spec).Pipeline(pipeline);
        return files.Errors();
    }

    private static IReadOnlyList<SpecError> PipelineErrors(string pipeline) => SpecErrors(SpecFiles.MinimalSpec, pipeline);

    private static string Pipeline(string stages) => "name: pipe\nstages:\n" + stages;

    [Fact]
    public void Unknown_key_suggests_the_closest_known_key()
    {
        var errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("    batch_size: 4", "    batch_size: 4\n    clip_rnage: 0.1"));
        ErrorAssert.Single(errors, "pipe.yaml", 10, 5, "stages.refine.clip_rnage", "unknown key 'clip_rnage'; did you mean 'clip_range'?");
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_known_keys()
    {
        var errors = SpecErrors(SpecFiles.MinimalSpec.Replace("seed: 3", "seed: 3\nrandomness: high"));
        ErrorAssert.Single(errors, "spec.yaml", 3, 1, "randomness", "known keys: name, description, seed");
    }

    [Fact]
    public void Wrong_type_names_the_expected_type_and_the_value()
    {
        var errors = SpecErrors(SpecFiles.MinimalSpec.Replace("seed: 3", "seed: three"));
        var error = ErrorAssert.Single(errors, "spec.yaml", 2, 7, "seed", "expected an integer (got 'three')");
        Assert.EndsWith("spec.yaml:2:7: seed: expected an integer (got 'three')", error.ToString());
    }

    [Fact]
    public void Out_of_range_value_states_the_range()
    {
        var errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("  filter: {}", "  filter:\n    threshold: 3"));
        ErrorAssert.Single(errors, "pipe.yaml", 12, 16, "stages.filter.threshold", "must be between 0 and 1 (got 3)");
    }

    [Fact]
    public void Exclusive_bounds_are_stated_as_an_interval()
    {
        var errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("    batch_size: 4", "    batch_size: 4\n    clip_range: 0"));
        ErrorAssert.Single(errors, "pipe.yaml", 10, 17, "stages.refine.clip_range", "must be in (0, 1] (got 0)");
    }

    [Fact]
    public void Missing_required_key_is_reported_at_its_mapping()
    {
        var errors = SpecErrors(SpecFiles.MinimalSpec.Replace("  version: 1.0.0", "  name: demo"));
        ErrorAssert.Single(errors, "spec.yaml", 12, 3, "release.version", "missing required key 'version'");
    }

    [Fact]
    public void Duplicate_keys_are_errors()
    {
        var errors = SpecErrors(SpecFiles.MinimalSpec + "\nseed: 4\n");
        ErrorAssert.Single(errors, "spec.yaml", 13, 1, "seed", "duplicate key 'seed' (first defined at line 2)");
    }

    [Fact]
    public void Duplicate_subgroup_names_are_errors()
    {
        var spec = SpecFiles.MinimalSpec.Replace("quotas:", "  - name: mel-ink\n    where: {NV: true}\nquotas:");
        ErrorAssert.Single(SpecErrors(spec), "spec.yaml", 9, 11, "subgroups[1].name", "duplicate name 'mel-ink' (first used at line 7)");
    }

    [Fact]
    public void Duplicate_phase_names_are_errors()
    {
        var errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("    batch_size: 4", """
                batch_size: 4
                phases:
                  - {name: dx, epochs: 2, rewards: {classifier: 1}}
                  - {name: dx, epochs: 2, rewards: {classifier: 1}}
            """));
        ErrorAssert.Single(errors, "pipe.yaml", 12, 16, "stages.refine.phases[1].name", "duplicate name 'dx' (first used at line 11)");
    }

    [Fact]
    public void Quota_for_an_undefined_subgroup_names_the_defined_ones()
    {
        var errors = SpecErrors(SpecFiles.MinimalSpec.Replace("{subgroup: mel-ink,", "{subgroup: mel-inc,"));
        ErrorAssert.Single(errors, "spec.yaml", 10, 16, "quotas[0].subgroup", "unknown subgroup 'mel-inc' (defined: mel-ink); did you mean 'mel-ink'?");
    }

    [Fact]
    public void Unknown_reward_names_and_untrained_rewards_are_errors()
    {
        var errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("    batch_size: 4", """
                batch_size: 4
                phases:
                  - {name: dx, epochs: 2, rewards: {clasifier: 1}}
                  - {name: art, epochs: 2, rewards: {vlfm: 1}}
            """));
        ErrorAssert.Single(errors, "pipe.yaml", 11, 41, "stages.refine.phases[0].rewards.clasifier", "unknown name 'clasifier': must be one of classifier, vlfm, region; did you mean 'classifier'?");
        ErrorAssert.Single(errors, "pipe.yaml", 12, 42, "stages.refine.phases[1].rewards.vlfm", "reward 'vlfm' is not trained: set stages.train_reward.vlfm.enabled: true");
    }

    [Fact]
    public void Rewards_beside_phases_would_be_ignored_so_they_are_an_error()
    {
        var errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("    batch_size: 4", """
                batch_size: 4
                rewards: {classifier: 1}
                phases:
                  - {name: dx, epochs: 4, rewards: {classifier: 1}}
            """));
        ErrorAssert.Single(errors, "pipe.yaml", 10, 5, "stages.refine.rewards", "is not used when phases are given");
    }

    [Fact]
    public void A_stage_whose_predecessor_is_missing_is_an_error_naming_the_stage()
    {
        var errors = PipelineErrors(Pipeline("  prepare: {}\n  finetune: {}\n  refine: {}\n"));
        ErrorAssert.Single(errors, "pipe.yaml", 5, 11, "stages.refine", "stage 'refine' needs stage 'train_reward', which this pipeline does not have");
    }

    [Fact]
    public void A_stage_listed_before_its_predecessor_is_an_error()
    {
        var errors = PipelineErrors(Pipeline("  finetune: {}\n  prepare: {}\n"));
        ErrorAssert.Single(errors, "pipe.yaml", 3, 13, "stages.finetune", "must come after 'prepare'");
    }

    [Fact]
    public void Unknown_stage_suggests_the_closest_stage()
    {
        var errors = PipelineErrors(Pipeline("  prepare: {}\n  refien: {}\n"));
        ErrorAssert.Single(errors, "pipe.yaml", 4, 3, "stages.refien", "did you mean 'refine'?");
    }

    [Fact]
    public void A_quota_needs_exactly_one_of_count_fill_to_and_ratio()
    {
        var none = SpecErrors(SpecFiles.MinimalSpec.Replace("{subgroup: mel-ink, count: 5}", "{subgroup: mel-ink}"));
        ErrorAssert.Single(none, "spec.yaml", 10, 5, "quotas[0]", "needs exactly one of count, fill_to, ratio");
        var two = SpecErrors(SpecFiles.MinimalSpec.Replace("count: 5}", "count: 5, ratio: 0.5}"));
        ErrorAssert.Single(two, "spec.yaml", 10, 42, "quotas[0].ratio", "ratio cannot be combined with count");
    }

    [Fact]
    public void Split_fractions_must_sum_to_one()
    {
        var errors = SpecErrors(SpecFiles.MinimalSpec.Replace("  source: procedural", "  source: procedural\n  splits: {train: 0.8, val: 0.1, test: 0.1, judge: 0.1}"));
        ErrorAssert.Single(errors, "spec.yaml", 6, 11, "data.splits", "must sum to 1 (got 1.1)");
    }

    [Fact]
    public void Prompt_templates_may_only_use_known_slots()
    {
        var errors = SpecErrors(SpecFiles.MinimalSpec.Replace("data:", "prompts:\n  template: 'a {diagnosis} lesion on {skin}'\ndata:"));
        ErrorAssert.Single(errors, "spec.yaml", 5, 13, "prompts.template", "unknown template slot {skin}; known slots: diagnosis, artifacts");
    }

    [Fact]
    public void Subgroup_conditions_must_name_labels_or_fields_with_valid_values()
    {
        var spec = SpecFiles.MinimalSpec.Replace("where: {MEL: true, ink: true}", "where: {MEL: maybe, inc: true, fitzpatrick: [2, 9]}");
        var errors = SpecErrors(spec);
        ErrorAssert.Single(errors, "spec.yaml", 8, 18, "subgroups[0].where.MEL", "'MEL' must be true or false (got 'maybe')");
        ErrorAssert.Single(errors, "spec.yaml", 8, 25, "subgroups[0].where.inc", "unknown label or field 'inc'");
        ErrorAssert.Single(errors, "spec.yaml", 8, 53, "subgroups[0].where.fitzpatrick[1]", "a skin type from 1 to 6 (got '9')");
    }

    [Fact]
    public void Non_procedural_sources_need_a_path()
    {
        var errors = SpecErrors(SpecFiles.MinimalSpec.Replace("source: procedural", "source: ham10000"));
        ErrorAssert.Single(errors, "spec.yaml", 5, 3, "data.path", "missing required key 'path' (needed for source 'ham10000')");
    }

    [Fact]
    public void Architecture_settings_must_be_consistent()
    {
        var errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("  finetune: {}", "  finetune:\n    unet: {block_out_channels: [32, 60]}\n    text_encoder: {hidden_size: 32}"));
        ErrorAssert.Single(errors, "pipe.yaml", 5, 37, "stages.finetune.unet.block_out_channels[1]", "must be a multiple of norm_num_groups (8) (got 60)");
        ErrorAssert.Single(errors, "pipe.yaml", 5, 11, "stages.finetune.unet.cross_attention_dim", "must equal text_encoder.hidden_size (32) (got 64)");
    }

    [Fact]
    public void Eta_zero_is_refused_for_policy_gradients_and_accepted_for_draft()
    {
        var errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("    batch_size: 4", "    batch_size: 4\n    eta: 0"));
        Assert.Contains(errors, e => e.KeyPath == "stages.refine.eta" && e.Message.Contains("for ddpo and grpo"));
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec)
            .Pipeline(SpecFiles.MinimalPipeline.Replace("    batch_size: 4", "    batch_size: 4\n    eta: 0\n    algorithm: draft\n    pathwise: {backprop_steps: 2}"));
        var refine = files.Load().GetStage("refine").Settings;
        Assert.Equal("draft", refine["algorithm"]!.GetValue<string>());
        Assert.Equal(2, refine["pathwise"]!["backprop_steps"]!.GetValue<int>());
    }

    [Fact]
    public void Down_block_types_need_one_known_type_per_level()
    {
        var errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("  finetune: {}", "  finetune:\n    unet: {block_out_channels: [32, 64, 64], down_block_types: [DownBlock2D, CrossAttnDownBlock2D]}"));
        ErrorAssert.Single(errors, "pipe.yaml", 5, 64, "stages.finetune.unet.down_block_types", "needs one entry per block_out_channels level (3) (got 2)");
        errors = PipelineErrors(SpecFiles.MinimalPipeline.Replace("  finetune: {}", "  finetune:\n    unet: {block_out_channels: [32, 64], down_block_types: [DownBlock2D, AttnDownBlock2D]}"));
        Assert.Contains(errors, e => e.KeyPath == "stages.finetune.unet.down_block_types[1]");
    }

    [Fact]
    public void A_missing_pipeline_file_is_reported_at_the_pipeline_key()
    {
        var errors = SpecErrors(SpecFiles.MinimalSpec.Replace("pipe.yaml", "nope.yaml"));
        ErrorAssert.Single(errors, "spec.yaml", 3, 11, "pipeline", "pipeline file not found");
    }

    [Fact]
    public void Yaml_syntax_errors_are_validation_errors_with_exit_code_2()
    {
        using var files = new SpecFiles().Spec("name: x\n  seed: [\n").Pipeline(SpecFiles.MinimalPipeline);
        var ex = Assert.Throws<SpecValidationException>(files.Load);
        Assert.Equal(2, ex.ExitCode);
        var error = Assert.Single(ex.Errors);
        Assert.Equal("spec.yaml", Path.GetFileName(error.Location.File));
        Assert.StartsWith("YAML syntax error", error.Message);
    }

    [Fact]
    public void All_errors_in_both_files_are_reported_in_one_run_in_file_order()
    {
        var spec = SpecFiles.MinimalSpec
            .Replace("seed: 3", "seed: -1")
            .Replace("{subgroup: mel-ink,", "{subgroup: other,")
            .Replace("  version: 1.0.0", "  version: one");
        var pipeline = SpecFiles.MinimalPipeline
            .Replace("  prepare: {}", "  prepare:\n    resolution: 4")
            .Replace("  filter: {}", "  filter: {reward: vlfm}");
        using var files = new SpecFiles().Spec(spec).Pipeline(pipeline);
        var ex = Assert.Throws<SpecValidationException>(files.Load);
        Assert.Equal(
            ["seed", "quotas[0].subgroup", "release.version", "stages.prepare.resolution", "stages.filter.reward"],
            ex.Errors.Select(e => e.KeyPath));
        Assert.Equal(ex.Errors.Select(e => e.ToString()), ex.Message.Split(Environment.NewLine));
        Assert.Equal(2, ex.ExitCode);
    }
}
