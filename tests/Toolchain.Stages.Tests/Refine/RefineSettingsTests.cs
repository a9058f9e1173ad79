using Toolchain.Rl.Training;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Refine;

namespace Toolchain.Stages.Tests.Refine;

public sealed class RefineSettingsTests
{
    [Fact]
    public void TinyCpuSettingsMapOntoDraftOptions()
    {
        using var workspace = new SpecWorkspace();
        var spec = SpecLoader.Load(workspace.Spec("demo"));
        var stage = spec.GetStage(StageCatalog.Refine);
        var settings = RefineSettings.Read(stage.Settings, spec.Dataset.Seed);

        var o = settings.Options;
        Assert.Equal(stage.Settings["samples_per_epoch"]!.GetValue<int>(), o.SamplesPerEpoch);
        Assert.Equal(stage.Settings["batch_size"]!.GetValue<int>(), o.SampleBatchSize);
        Assert.Equal(o.SampleBatchSize, o.TrainBatchSize);
        Assert.Equal(AdvantageEstimator.PerPromptTracker, o.Advantage);
        Assert.Equal(1, o.GroupSize);
        Assert.Equal((ulong)(spec.Dataset.Seed + 200), o.Seed);
        Assert.Equal("draft", settings.Algorithm);
        Assert.Equal(0.0, settings.Policy.Eta);
        var pathwise = Assert.IsType<Rl.Pathwise.PathwiseOptions>(settings.Pathwise);
        Assert.Equal(o.SamplesPerEpoch, pathwise.SamplesPerEpoch);
        Assert.Equal(o.SampleBatchSize, pathwise.BatchSize);
        Assert.Equal(stage.Settings["pathwise"]!["backprop_steps"]!.GetValue<int>(), pathwise.BackpropSteps);
        Assert.Equal(o.LearningRate, pathwise.LearningRate);
        Assert.Equal(o.Seed, pathwise.Seed);
        Assert.Equal(["classifier"], settings.RewardNames);
        var phase = Assert.Single(settings.Phases);
        Assert.Equal("main", phase.Name);
        Assert.Equal(stage.Settings["epochs"]!.GetValue<int>(), phase.Epochs);
        Assert.Null(o.EarlyStopping);
    }

    [Fact]
    public void GrpoPhasesKlAndEarlyStoppingAreMapped()
    {
        using var workspace = new SpecWorkspace();
        workspace.Replace("ci", "    epochs: 2\n    samples_per_epoch: 16\n", string.Join("\n",
            "    algorithm: grpo",
            "    eta: 1.0",
            "    group_size: 4",
            "    kl_beta: 0.05",
            "    early_stopping: {patience: 3}",
            "    phases:",
            "      - {name: diagnosis, epochs: 1, rewards: {classifier: 1}}",
            "      - {name: artifacts, epochs: 1, rewards: {classifier: 2}}",
            "    epochs: 2",
            "    samples_per_epoch: 16",
            ""));
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var settings = RefineSettings.Read(spec.GetStage(StageCatalog.Refine).Settings, spec.Dataset.Seed);

        Assert.Equal(AdvantageEstimator.GroupRelative, settings.Options.Advantage);
        Assert.Equal(4, settings.Options.GroupSize);
        Assert.Equal(0.05, settings.Options.KlBeta);
        Assert.Equal(new EarlyStoppingOptions(3, 0), settings.Options.EarlyStopping);
        Assert.Equal(["diagnosis", "artifacts"], settings.Phases.Select(p => p.Name));
        Assert.Equal(2.0, settings.Phases[1].Rewards.Single().Value);
        Assert.Null(settings.Lora.MinTimestep);
    }

    [Fact]
    public void AdapterTimestepGateIsMapped()
    {
        using var workspace = new SpecWorkspace();
        workspace.Replace("ci", "    epochs: 2\n    samples_per_epoch: 16\n", "    epochs: 2\n    samples_per_epoch: 16\n    lora: {min_timestep: 400}\n");
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var settings = RefineSettings.Read(spec.GetStage(StageCatalog.Refine).Settings, spec.Dataset.Seed);
        Assert.Equal(400, settings.Lora.MinTimestep);
        Assert.Equal(["to_q", "to_k", "to_v", "to_out.0"], settings.Lora.TargetModules);
    }

    [Fact]
    public void LoraDropoutIsRefusedNamingTheSetting()
    {
        using var workspace = new SpecWorkspace();
        workspace.Replace("ci", "    epochs: 2\n    samples_per_epoch: 16\n", "    epochs: 2\n    samples_per_epoch: 16\n    lora: {dropout: 0.1}\n");
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var error = Assert.Throws<RefineSettingsError>(() => RefineSettings.Read(spec.GetStage(StageCatalog.Refine).Settings, spec.Dataset.Seed));
        Assert.Equal("lora.dropout", error.Setting);
        Assert.Equal(2, error.ExitCode);
    }
}
