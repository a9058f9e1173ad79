using System.Text.Json.Nodes;
using Toolchain.Specs.Model;
using Toolchain.Specs.Schema;
using Toolchain.Specs.Stages;

namespace Toolchain.Specs.Tests;

public class DefaultsTests
{
    [Fact]
    public void Absent_settings_get_their_defaults()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec).Pipeline(SpecFiles.MinimalPipeline);
        var spec = files.Load();

        var refine = spec.GetStage("refine").Settings;
        Assert.Equal(1e-4, refine["clip_range"]!.GetValue<double>());
        Assert.Equal(32, refine["stat_tracking"]!["buffer_size"]!.GetValue<int>());
        Assert.Equal("""["to_q","to_k","to_v","to_out.0"]""", refine["lora"]!["target_modules"]!.ToJsonString());
        Assert.Equal(32, spec.GetStage("prepare").Settings["resolution"]!.GetValue<int>());
        Assert.Equal(3, spec.GetStage("evaluate").Settings["pr_k"]!.GetValue<int>());
        Assert.False(spec.GetStage("evaluate").Settings.ContainsKey("inception_weights"));

        var dataset = spec.Dataset;
        Assert.Equal(DataSources.DefaultLabels, dataset.Labels);
        Assert.Equal(new RuntimeSpec(2, "cpu"), dataset.Runtime);
        Assert.Equal("spec", dataset.Release.Name);            // defaults to the spec's name
        Assert.Equal(3, dataset.Data.Splits.Seed);               // defaults to the spec's seed
        Assert.Equal(1200, dataset.Data.Procedural!.Count);      // procedural defaults when the section is absent
        Assert.Equal(20, dataset.Rare.Threshold);
        Assert.True(dataset.Prompts.IsRl4Med);
    }

    [Fact]
    public void Refine_without_phases_gets_one_main_phase_with_its_rewards()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec).Pipeline(SpecFiles.MinimalPipeline);
        var phases = files.Load().GetStage("refine").Settings["phases"]!;
        Assert.Equal("""[{"name":"main","epochs":4,"rewards":{"classifier":1}}]""", phases.ToJsonString());
    }

    [Fact]
    public void Stages_list_their_dependencies_in_pipeline_order()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec).Pipeline(SpecFiles.MinimalPipeline);
        var spec = files.Load();
        Assert.Equal(["prepare", "finetune", "refine"], spec.GetStage("sample").DependsOn);
        Assert.Equal(["prepare", "finetune", "train_reward", "refine", "filter"], spec.GetStage("evaluate").DependsOn);
        Assert.Equal(["prepare", "finetune", "train_reward", "refine", "sample", "filter", "evaluate", "retrain"], spec.GetStage("release").DependsOn);
        Assert.All(spec.Stages, s => Assert.Equal(Stages.StageCatalog.Get(s.Name).Version, s.Version));
    }

    [Fact]
    public void Subgroup_conditions_are_typed()
    {
        var spec = SpecFiles.MinimalSpec.Replace("where: {MEL: true, ink: true}", "where: {MEL: true, ink: 0, fitzpatrick: [5, 6], site: back}");
        using var files = new SpecFiles().Spec(spec).Pipeline(SpecFiles.MinimalPipeline);
        var where = files.Load().Dataset.Subgroups[0].Where;
        Assert.Equal(new SubgroupCondition("MEL", true, true, []), where[0] with { FieldValues = [] });
        Assert.False(where[1].LabelValue);
        Assert.Equal(["5", "6"], where[2].FieldValues);
        Assert.Equal(["back"], where[3].FieldValues);
        Assert.Equal(new QuotaSpec("mel-ink", new QuotaRule(QuotaKind.Count, 5)), files.Load().Dataset.Quotas[0]);
    }

    /// <summary>A default of the wrong JSON type would break stages reading it with GetValue&lt;T&gt;.</summary>
    [Fact]
    public void Every_default_has_the_type_its_schema_produces()
    {
        var problems = new List<string>();
        void Walk(ObjectSchema schema, string path)
        {
            foreach (var field in schema.Fields)
            {
                var key = path + field.Name;
                if (field.Default is JsonValue value)
                {
                    var ok = field.Schema switch
                    {
                        IntSchema i => value.TryGetValue<int>(out var n) && n >= i.Min && n <= i.Max,
                        FloatSchema => value.TryGetValue<double>(out _),
                        BoolSchema => value.TryGetValue<bool>(out _),
                        _ => value.TryGetValue<string>(out _),
                    };
                    if (!ok) problems.Add(key);
                }
                if (field.Default is JsonArray array && field.Schema is ListSchema { Item: FloatSchema } && array.Any(a => !a!.AsValue().TryGetValue<double>(out _)))
                    problems.Add(key);
                if (field.Schema is ObjectSchema nested) Walk(nested, key + ".");
                if (field.Schema is ListSchema { Item: ObjectSchema item }) Walk(item, key + "[].");
            }
        }
        Walk(DatasetSpecSchema.Root, "");
        foreach (var stage in StageCatalog.All) Walk(stage.Schema, stage.Name + ".");
        Assert.Empty(problems);
    }
}
