using Toolchain.Diffusion.Runtime;
using Toolchain.Rl.Rewards;
using Toolchain.Rl.Training;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Refine;
using Toolchain.Stages.Running;

namespace Toolchain.Stages.Tests.Refine;

/// <summary>
/// The refine stage on the ci spec with its RL shrunk to seconds, run directly against a tiny finetune model
/// folder and a scripted reward (the real upstream stages are tested elsewhere).
/// </summary>
public sealed class RefineRun : IDisposable
{
    private const string CiRefine = "    epochs: 2\n    samples_per_epoch: 16\n    batch_size: 8\n    num_steps: 8\n";

    private readonly SpecWorkspace workspace = new();

    public RefineRun(string refineYaml = "    epochs: 3\n    samples_per_epoch: 8\n    batch_size: 4\n    num_steps: 2\n    updates_per_epoch: 1\n    learning_rate: 3.0e-3\n    clip_range: 0.2\n")
    {
        // These runs test the policy-gradient trainer unless they name another algorithm (the pipeline's default is draft).
        string algorithm = refineYaml.Contains("algorithm:", StringComparison.Ordinal) ? "" : "    algorithm: ddpo\n    eta: 1.0\n";
        workspace.Replace("ci", CiRefine, algorithm + refineYaml);
        Spec = SpecLoader.Load(workspace.Spec("ci"));
        Finetune = TinyFinetuneModel.Write(Path.Combine(workspace.Root, "finetune"));
        TrainReward = Directory.CreateDirectory(Path.Combine(workspace.Root, "train_reward")).FullName;
        Resume = Path.Combine(workspace.Root, "resume");
    }

    public ResolvedSpec Spec { get; }

    public string Finetune { get; }

    public string TrainReward { get; }

    public string Resume { get; }

    public StringWriter Console { get; } = new();

    /// <summary>Runs the stage into a fresh outputs folder and returns it.</summary>
    /// <summary>The folder a run named <paramref name="name"/> writes its outputs to.</summary>
    public string Outputs(string name = "outputs") => Path.Combine(workspace.Root, name);

    public string Run(IRewardFunction reward, Action<EpochReport>? afterEpoch = null, CancellationToken cancellation = default, string name = "outputs")
    {
        string outputs = Outputs(name);
        Directory.CreateDirectory(outputs);
        // Two threads as the shipped specs run; Configure also turns oneDNN off, whose convolution gave NaN LoRA gradients here.
        var environment = EngineEnvironment.Configure(2);
        using var log = new StageLog(StageCatalog.Refine, null, Console);
        var context = new StageContext(
            Spec,
            Spec.GetStage(StageCatalog.Refine),
            outputs,
            new Dictionary<string, string> { [StageCatalog.Finetune] = Finetune, [StageCatalog.TrainReward] = TrainReward },
            environment,
            Resume,
            log,
            SilentProgress.Instance,
            cancellation);
        var stage = new RefineStage((folder, names, _) =>
        {
            Assert.Equal(TrainReward, folder);
            return names.ToDictionary(n => n, _ => reward, StringComparer.Ordinal);
        }, afterEpoch);
        stage.Run(context);
        return outputs;
    }

    public void Dispose() => workspace.Dispose();
}
