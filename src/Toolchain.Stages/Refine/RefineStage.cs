using Toolchain.Diffusion.Runtime;
using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Core.Files;
using Toolchain.Diffusion.Benchmarks;
using Toolchain.Diffusion.Lora;
using Toolchain.Rl.Pathwise;
using Toolchain.Rl.Policy;
using Toolchain.Rl.Rewards;
using Toolchain.Rl.Training;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.Refine;

/// <summary>
/// RL refinement: LoRA adapters on finetune's UNet trained with DDPO (or GRPO groups, a KL term, several
/// phases) against train_reward's reward models, on the spec template's enumerated prompts. Every epoch is
/// checkpointed into the resume folder, so a killed run continues from its last complete epoch and ends
/// with the same adapters as an uninterrupted one. Each epoch's adapters are kept too (<c>epochs/</c>), so a
/// learning curve can be measured afterwards by a model RL never sees (the judge).
/// </summary>
public sealed class RefineStage : IStage
{
    public const string LoraFile = "lora/pytorch_lora_weights.safetensors";

    /// <summary>The adapters after each epoch: <c>epochs/epoch-001.safetensors</c> after the first.</summary>
    public const string EpochsFolder = "epochs";

    public static string EpochFile(int epochsCompleted) => $"{EpochsFolder}/epoch-{epochsCompleted:000}.safetensors";

    private readonly RewardLoader loadRewards;
    private readonly Action<EpochReport>? afterEpoch;

    /// <param name="loadRewards">Opens train_reward's reward models by name.</param>
    /// <param name="afterEpoch">Called after each epoch's checkpoint is complete (progress observers, tests).</param>
    public RefineStage(RewardLoader loadRewards, Action<EpochReport>? afterEpoch = null)
    {
        this.loadRewards = loadRewards;
        this.afterEpoch = afterEpoch;
    }

    public string Name => StageCatalog.Refine;

    public StageSummary Run(StageContext context)
    {
        var settings = RefineSettings.Read(context.Settings, context.Spec.Dataset.Seed);
        var prompts = DatasetTranslation.Template(context.Spec.Dataset).Enumerate().Select(p => p.Prompt).ToArray();
        var rewards = loadRewards(context.Input(StageCatalog.TrainReward), settings.RewardNames, Translation.DatasetTranslation.Template(context.Spec.Dataset));
        var phases = Phases(settings, rewards);

        using var model = FinetunedModel.Load(Path.Combine(context.Input(StageCatalog.Finetune), "model"));
        using var loraGenerator = ComputeDevice.Generator(unchecked((ulong)settings.Seed));
        using var lora = LoraNetwork.Attach(model.Unet, settings.Lora, loraGenerator);
        context.Log.Info(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Algorithm}: {prompts.Length} prompts, {lora.Adapters.Count} adapters ({lora.ParameterCount} parameters), {settings.Policy.NumSteps} DDIM steps, eta {settings.Policy.Eta}, guidance {settings.Policy.GuidanceScale}"));
        using var learner = CreateLearner(settings, model, lora, prompts, phases);
        var trainer = learner.Trainer;

        ulong gridSeed = unchecked((ulong)settings.Seed + 7919UL);
        using (lora.Disabled())
        {
            File.WriteAllBytes(context.Output(SampleGrids.BeforeFile), SampleGrids.Render(prompts, learner.Draw, gridSeed, "before refine (finetune model)"));
        }
        var checkpoints = new RefineCheckpoints(context.ResumeDirectory);
        var history = new List<EpochReport>();
        if (checkpoints.Latest() is { } latest)
        {
            history = RefineCheckpoints.Restore(latest, trainer);
            context.Log.Info($"resuming after epoch {trainer.EpochsCompleted} from the checkpoint in the resume folder");
        }

        var rewardNames = phases.SelectMany(p => p.Reward.Names).Distinct(StringComparer.Ordinal).ToArray();
        int plannedEpochs = settings.Phases.Sum(p => p.Epochs);
        using (var progress = context.Progress.Start("refine epochs", plannedEpochs))
        {
            progress.Increment(history.Count);
            try
            {
                trainer.Run(report =>
                {
                    history.Add(report);
                    // Snapshot before the checkpoint: a kill between the two reruns the epoch, which rewrites the same bytes.
                    SaveAtomically(lora, Path.Combine(context.ResumeDirectory, EpochFile(history.Count)));
                    checkpoints.Save(trainer, history);
                    WriteHistory(context, history, prompts, rewardNames);
                    double residentMiB = ResidentMemory.MeasureBytes() / (1024.0 * 1024.0);
                    context.Log.Info(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {report.Epoch} ({report.Phase}): reward {report.RewardMean:F4} ± {report.RewardStd:F4}, approx KL {report.ApproxKl:E2}, clip {report.ClipFraction:F3}, grad norm {report.GradNorm:F4}, samples {report.SamplesSeen}, {report.Seconds:F1} s, resident {residentMiB:F0} MiB"));
                    progress.Increment();
                    afterEpoch?.Invoke(report);
                    context.Cancellation.ThrowIfCancellationRequested();
                });
            }
            catch (NonFiniteTrainingError e)
            {
                context.Log.Info($"{e.Message}; checkpoint after epoch {trainer.EpochsCompleted} kept in the resume folder");
                throw;
            }
        }

        WriteHistory(context, history, prompts, rewardNames);
        lora.Save(context.Output(LoraFile));
        for (int epoch = 1; epoch <= history.Count; epoch++)
        {
            string snapshot = Path.Combine(context.ResumeDirectory, EpochFile(epoch));
            if (!File.Exists(snapshot))
            {
                throw new InvalidOperationException($"{snapshot} is missing: every epoch saves its adapters before its checkpoint");
            }
            File.Copy(snapshot, context.Output(EpochFile(epoch)));
        }
        File.WriteAllBytes(context.Output(SampleGrids.AfterFile), SampleGrids.Render(prompts, learner.Draw, gridSeed, "after refine"));

        var first = history[0];
        var last = history[^1];
        var facts = new JsonObject
        {
            ["epochs"] = history.Count,
            ["samples_seen"] = last.SamplesSeen,
            ["first_reward_mean"] = first.RewardMean,
            ["last_reward_mean"] = last.RewardMean,
            ["stopped_early"] = history.Any(r => r.StoppedEarly),
        };
        return StageSummary.Of(string.Create(CultureInfo.InvariantCulture,
            $"{history.Count} epochs, {last.SamplesSeen} samples: reward {first.RewardMean:F3} -> {last.RewardMean:F3}"), facts);
    }

    private static void SaveAtomically(LoraNetwork lora, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, temp => lora.Save(temp));
    }

    /// <summary>The trainer the settings' algorithm asks for, and how its sampler draws final images for the grids.</summary>
    private sealed record Learner(IRefineTrainer Trainer, Func<int[], Generator, Tensor> Draw, IDisposable Sampler) : IDisposable
    {
        public void Dispose()
        {
            Trainer.Dispose();
            Sampler.Dispose();
        }
    }

    private static Learner CreateLearner(RefineSettings settings, FinetunedModel model, LoraNetwork lora, string[] prompts, RefinePhase[] phases)
    {
        if (settings.Pathwise is { } pathwise)
        {
            var sampler = CreatePathwiseSampler(model, lora, prompts, settings.Policy);
            var draw = (int[] indices, Generator generator) => sampler.Generate(indices, generator, backpropSteps: 0).clamp(-1, 1);
            return new Learner(new PathwiseTrainer(sampler, pathwise, phases), draw, sampler);
        }
        var policy = CreatePolicy(model, lora, prompts, settings.Policy);
        var validation = settings.Options.EarlyStopping is null
            ? null
            : new ValidationSet(Enumerable.Range(0, prompts.Length).ToArray(), unchecked((ulong)settings.Seed + 104729UL));
        return new Learner(new DdpoTrainer(policy, settings.Options, phases, validation), (indices, generator) => policy.Sample(indices, generator).Final, policy);
    }

    /// <summary>Refine's pathwise sampler: the FineTune model's UNet with the adapters, refine's steps, guidance and eta.</summary>
    internal static UnetPathwiseSampler CreatePathwiseSampler(FinetunedModel model, LoraNetwork lora, string[] prompts, DdimPolicySettings settings)
    {
        using var scope = NewDisposeScope();
        var embeddings = model.EncodePrompts(prompts);
        var empty = model.EncodePrompts([""]);
        return new UnetPathwiseSampler(model.Unet, lora, prompts, embeddings, empty, model.Schedule,
            new Diffusion.Checkpoints.SamplingSettings(settings.NumSteps, settings.GuidanceScale, settings.Eta));
    }

    /// <summary>Refine's policy: the FineTune model's UNet with the adapters, sampling the prompts with refine's sampler.</summary>
    internal static UnetDdimPolicy CreatePolicy(FinetunedModel model, LoraNetwork lora, string[] prompts, DdimPolicySettings settings)
    {
        using var scope = NewDisposeScope();
        var embeddings = model.EncodePrompts(prompts);
        var empty = model.EncodePrompts([""]);
        return new UnetDdimPolicy(model.Unet, lora, prompts, embeddings, empty, model.Schedule, settings);
    }

    /// <summary>The phases with their reward mixes, each reward opened from train_reward's outputs.</summary>
    internal static RefinePhase[] Phases(RefineSettings settings, IReadOnlyDictionary<string, IRewardFunction> rewards) =>
        settings.Phases.Select(phase => new RefinePhase(
            phase.Name,
            new CompositeReward(phase.Rewards
                .Where(r => r.Value != 0)
                .Select(r => new WeightedReward(r.Key, (float)r.Value, rewards.TryGetValue(r.Key, out var reward)
                    ? reward
                    : throw new RefineSettingsError($"phases.{phase.Name}.rewards.{r.Key}", "train_reward produced no such reward model")))
                .ToArray()),
            phase.Epochs)).ToArray();

    private static void WriteHistory(StageContext context, IReadOnlyList<EpochReport> history, string[] prompts, string[] rewardNames)
    {
        if (history.Count == 0)
        {
            return;
        }
        File.WriteAllText(context.Output(RewardHistory.CsvFile), RewardHistory.Csv(history, prompts, rewardNames));
        File.WriteAllBytes(context.Output(RewardHistory.CurveFile), RewardHistory.Curve(history));
    }
}
