using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Rl.Training;
using Toolchain.Stages.Refine;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace Toolchain.Stages.Tests.Refine;

public sealed class RefineStageTests(ITestOutputHelper output)
{
    [Fact]
    public void WritesTheContractOutputsAndAStrictlyLoadableLora()
    {
        using var run = new RefineRun();
        string outputs = run.Run(new ScriptedReward());
        output.WriteLine(run.Console.ToString());

        foreach (var file in new[] { RefineStage.LoraFile, RewardHistory.CsvFile, RewardHistory.CurveFile, SampleGrids.BeforeFile, SampleGrids.AfterFile })
        {
            Assert.True(File.Exists(Path.Combine(outputs, file)), $"{file} is missing");
        }
        var rows = File.ReadAllLines(Path.Combine(outputs, RewardHistory.CsvFile));
        Assert.Equal(4, rows.Length);
        Assert.StartsWith("epoch,phase,epoch_in_phase,samples_seen,reward_mean,reward_std,reward_classifier,approx_kl,clip_fraction", rows[0]);
        Assert.Contains(",mean: a dermoscopic image with melanoma (MEL) with no visible artifacts,", rows[0]);
        // Prompts listing several artifacts contain commas, so their header cells are quoted.
        Assert.EndsWith(",\"mean: a dermoscopic image with melanocytic nevus (NV) showing hair, gel bubble, ruler, ink\"", rows[0]);
        Assert.StartsWith("2,main,2,24,", rows[3]);
        Assert.DoesNotContain("seconds", rows[0]);

        // The adapters load strictly onto a fresh copy of finetune's UNet, and RL moved them off zero.
        using var unet = new UNet2DConditionModel(TinyFinetuneModel.Unet, new Generator(5));
        using var lora = LoraNetwork.Attach(unet, new LoraConfig(), new Generator(5));
        lora.Load(Path.Combine(outputs, RefineStage.LoraFile));
        Assert.Contains(lora.Adapters, a => a.B.abs().sum().item<float>() > 0);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(outputs, SampleGrids.BeforeFile)), File.ReadAllBytes(Path.Combine(outputs, SampleGrids.AfterFile)));
        Assert.Contains("resident", run.Console.ToString());

        // Every epoch's adapters are kept; the last epoch's are the final adapters, byte for byte.
        Assert.Equal(["epoch-001.safetensors", "epoch-002.safetensors", "epoch-003.safetensors"],
            Directory.GetFiles(Path.Combine(outputs, RefineStage.EpochsFolder)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(outputs, RefineStage.LoraFile)), File.ReadAllBytes(Path.Combine(outputs, RefineStage.EpochFile(3))));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(outputs, RefineStage.EpochFile(1))), File.ReadAllBytes(Path.Combine(outputs, RefineStage.EpochFile(3))));
    }

    [Fact]
    public void DraftTrainsTheAdaptersOnTheDeterministicSamplerAndWritesTheSameContract()
    {
        using var run = new RefineRun("    algorithm: draft\n    eta: 0.0\n    pathwise: {backprop_steps: 1}\n    epochs: 2\n    samples_per_epoch: 8\n    batch_size: 4\n    num_steps: 3\n    learning_rate: 3.0e-2\n");
        string outputs = run.Run(new DifferentiableScriptedReward());
        output.WriteLine(run.Console.ToString());
        foreach (var file in new[] { RefineStage.LoraFile, RewardHistory.CsvFile, SampleGrids.BeforeFile, SampleGrids.AfterFile, RefineStage.EpochFile(2) })
        {
            Assert.True(File.Exists(Path.Combine(outputs, file)), $"{file} is missing");
        }
        Assert.Contains("draft:", run.Console.ToString());
        using var unet = new UNet2DConditionModel(TinyFinetuneModel.Unet, new Generator(5));
        using var lora = LoraNetwork.Attach(unet, new LoraConfig(), new Generator(5));
        lora.Load(Path.Combine(outputs, RefineStage.LoraFile));
        Assert.Contains(lora.Adapters, a => a.B.abs().sum().item<float>() > 0);
        // Two epochs of two optimizer steps each.
        Assert.StartsWith("1,main,1,16,", File.ReadAllLines(Path.Combine(outputs, RewardHistory.CsvFile))[2]);
    }

    [Fact]
    public void DraftRefusesARewardWithoutAGradientBeforeDrawingAnything()
    {
        using var run = new RefineRun("    algorithm: draft\n    eta: 0.0\n    epochs: 1\n    samples_per_epoch: 8\n    batch_size: 4\n    num_steps: 3\n");
        var reward = new ScriptedReward();
        var error = Assert.Throws<RefineSettingsError>(() => run.Run(reward));
        Assert.Equal("phases.main.rewards.classifier", error.Setting);
        Assert.Equal(0, reward.Calls);
    }

    [Fact]
    public void TimestepGatedAdaptersAreSavedWithTheirGate()
    {
        // Two steps (t = 501, 1); the adapters act at the first only.
        using var run = new RefineRun("    epochs: 1\n    samples_per_epoch: 8\n    batch_size: 4\n    num_steps: 2\n    updates_per_epoch: 1\n    learning_rate: 3.0e-3\n    clip_range: 0.2\n    timestep_fraction: 1.0\n    lora: {min_timestep: 500}\n");
        string outputs = run.Run(new ScriptedReward());

        using var unet = new UNet2DConditionModel(TinyFinetuneModel.Unet, new Generator(5));
        using var lora = LoraNetwork.AttachSaved(unet, Path.Combine(outputs, RefineStage.LoraFile));
        Assert.Equal(500, lora.Config.MinTimestep);
        Assert.Contains(lora.Adapters, a => a.B.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void AGateAboveEverySampledTimestepIsRefusedBeforeAnyImageIsDrawn()
    {
        // Two steps (t = 501, 1), adapters gated to t >= 900: refine would train nothing.
        using var run = new RefineRun("    epochs: 1\n    samples_per_epoch: 8\n    batch_size: 4\n    num_steps: 2\n    updates_per_epoch: 1\n    lora: {min_timestep: 900}\n");
        var reward = new ScriptedReward();
        var error = Assert.Throws<RefineSettingsError>(() => run.Run(reward));
        Assert.Contains("lora.min_timestep", error.Message);
        Assert.Contains("[501, 1]", error.Message);
        Assert.Equal(0, reward.Calls);
        Assert.False(File.Exists(Path.Combine(run.Outputs(), SampleGrids.BeforeFile)), "the before grid was drawn");
    }

    [Fact]
    public void ResumingAfterAnInterruptedEpochEndsWithTheUninterruptedAdapters()
    {
        byte[] straightLora;
        byte[] straightFirstEpoch;
        string straightCsv;
        using (var straight = new RefineRun())
        {
            string outputs = straight.Run(new ScriptedReward());
            straightLora = File.ReadAllBytes(Path.Combine(outputs, RefineStage.LoraFile));
            straightCsv = File.ReadAllText(Path.Combine(outputs, RewardHistory.CsvFile));
            straightFirstEpoch = File.ReadAllBytes(Path.Combine(outputs, RefineStage.EpochFile(1)));
        }

        using var interrupted = new RefineRun();
        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Run(new ScriptedReward(), report =>
        {
            if (report.Epoch == 1)
            {
                stop.Cancel();
            }
        }, stop.Token, name: "killed"));
        Assert.True(File.Exists(Path.Combine(interrupted.Resume, "checkpoint", DdpoCheckpoint.StateFile)));

        string resumed = interrupted.Run(new ScriptedReward(), name: "resumed");
        output.WriteLine(interrupted.Console.ToString());
        Assert.Contains("resuming after epoch 2", interrupted.Console.ToString());
        Assert.Equal(straightLora, File.ReadAllBytes(Path.Combine(resumed, RefineStage.LoraFile)));
        Assert.Equal(straightCsv, File.ReadAllText(Path.Combine(resumed, RewardHistory.CsvFile)));
        // Epochs finished before the interruption keep their snapshots through the resume.
        Assert.Equal(straightFirstEpoch, File.ReadAllBytes(Path.Combine(resumed, RefineStage.EpochFile(1))));
    }

    [Fact]
    public void ANonFiniteRewardStopsTheStageAndKeepsTheLastGoodCheckpoint()
    {
        using var run = new RefineRun();
        // One sampling batch of 4 per call and 2 calls per epoch: call 5 is the first batch of epoch 2.
        var error = Assert.Throws<NonFiniteTrainingError>(() => run.Run(new ScriptedReward(nanFromCall: 5)));
        Assert.Equal(2, error.Epoch);
        Assert.Contains("reward 'classifier' is NaN", error.Message);
        Assert.Contains("checkpoint", error.Message);
        var state = File.ReadAllText(Path.Combine(run.Resume, "checkpoint", DdpoCheckpoint.StateFile));
        Assert.Contains("\"EpochsCompleted\": 2", state);
    }
}
