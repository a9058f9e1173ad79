using Toolchain.Diffusion.Runtime;
using System.Diagnostics;
using Toolchain.Rl.Advantages;
using Toolchain.Rl.Objectives;
using Toolchain.Rl.Policy;
using Toolchain.Rl.Rewards;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Rl.Training;

/// <summary>
/// DDPO as kvablack/ddpo-pytorch runs it, plus options. One epoch = sample <c>samples_per_epoch</c>
/// trajectories, score them, turn rewards into clipped advantages, then for each inner epoch: shuffle
/// the samples, shuffle each sample's timesteps, and for each train batch and each trained timestep run
/// one forward/backward of the clipped PPO loss; gradients accumulate over (batches x timesteps) and
/// the optimizer steps <c>updates_per_epoch</c> times per inner epoch, after gradient-norm clipping.
/// Phases run in order; each epoch's randomness comes from a generator seeded by (seed, epoch).
/// </summary>
public sealed class DdpoTrainer : IRefineTrainer
{
    private readonly IDiffusionPolicy policy;
    private readonly DdpoOptions options;
    private readonly IReadOnlyList<RefinePhase> phases;
    private readonly ValidationSet? validation;
    private readonly AdamW optimizer;
    private readonly PerPromptStatTracker tracker;
    private readonly PlateauDetector? plateau;
    private readonly long[] adaptedSteps;
    private int epochsCompleted;
    private int phaseIndex;
    private int epochInPhase;
    private long samplesSeen;

    public DdpoTrainer(IDiffusionPolicy policy, DdpoOptions options, IReadOnlyList<RefinePhase> phases, ValidationSet? validation = null)
    {
        options.Validate();
        if (phases.Count == 0)
        {
            throw new RefineSettingsError("phases", "at least one phase is needed");
        }
        foreach (var phase in phases)
        {
            if (phase.Epochs < 1)
            {
                throw new RefineSettingsError($"phases.{phase.Name}.epochs", $"{phase.Epochs} must be at least 1");
            }
        }
        if (phases.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != phases.Count)
        {
            throw new RefineSettingsError("phases", "phase names must be unique");
        }
        if (options.EarlyStopping is not null && validation is null)
        {
            throw new RefineSettingsError("early_stopping", "needs validation prompts to watch");
        }
        if (validation is not null)
        {
            if (validation.PromptIndices.Count == 0)
            {
                throw new RefineSettingsError("validation.prompts", "the validation set is empty");
            }
            if (validation.PromptIndices.Any(i => i < 0 || i >= policy.Prompts.Count))
            {
                throw new RefineSettingsError("validation.prompts", $"indices must lie in [0, {policy.Prompts.Count})");
            }
        }
        if (policy.Prompts.Count == 0)
        {
            throw new RefineSettingsError("prompts", "the policy has no prompts");
        }
        if (policy.TrainableParameters.Count == 0 || policy.TrainableParameters.Any(p => !p.requires_grad))
        {
            throw new InvalidOperationException("the policy must expose its adapter parameters, all with requires_grad");
        }

        // Checked here, not after the first epoch's sampling: a gate that leaves nothing to train should cost no minutes.
        var timesteps = policy.Timesteps;
        adaptedSteps = Enumerable.Range(0, timesteps.Count).Where(j => policy.Adapts(timesteps[j])).Select(j => (long)j).ToArray();
        if (adaptedSteps.Length == 0)
        {
            throw new RefineSettingsError("lora.min_timestep", $"the adapters act at none of the sampler's timesteps [{string.Join(", ", timesteps)}]");
        }
        if (options.TrainedTimesteps(adaptedSteps.Length) < 1)
        {
            throw new RefineSettingsError("timestep_fraction", $"{options.TimestepFraction} of {adaptedSteps.Length} adapted steps trains no timestep");
        }

        this.policy = policy;
        this.options = options;
        this.phases = phases;
        this.validation = validation;
        optimizer = optim.AdamW(policy.TrainableParameters, options.LearningRate, options.Beta1, options.Beta2, options.AdamEpsilon, options.WeightDecay);
        tracker = new PerPromptStatTracker(options.TrackerBufferSize, options.TrackerMinCount);
        plateau = options.EarlyStopping is { } stopping ? new PlateauDetector(stopping) : null;
    }

    public int EpochsCompleted => epochsCompleted;

    public long SamplesSeen => samplesSeen;

    public bool IsFinished => phaseIndex >= phases.Count;

    public RefinePhase? CurrentPhase => IsFinished ? null : phases[phaseIndex];

    public PerPromptStatTracker Tracker => tracker;

    /// <summary>Samples, scores and trains one epoch of the current phase.</summary>
    public EpochReport RunEpoch()
    {
        if (IsFinished)
        {
            throw new InvalidOperationException("every phase is complete");
        }
        var phase = phases[phaseIndex];
        int epoch = epochsCompleted;
        var clock = Stopwatch.StartNew();

        TrainingStatistics training;
        string[] prompts;
        float[] rewards;
        IReadOnlyDictionary<string, float[]> components;
        using (var epochScope = NewDisposeScope())
        using (var generator = ComputeDevice.Generator(EpochSeeds.For(options.Seed, epoch)))
        {
            var samples = SampleEpoch(phase, DrawPrompts(generator), generator, epoch);
            var advantages = AdvantageClipping.Clip(ComputeAdvantages(samples), options.AdvantageClipMax);
            training = Train(samples, tensor(advantages), generator, epoch);
            (prompts, rewards, components) = (samples.Prompts, samples.Rewards, samples.Components);
        }

        double? validationReward = validation is null ? null : ValidationReward(phase, epoch);
        epochsCompleted++;
        epochInPhase++;
        samplesSeen += options.SamplesPerEpoch;
        int epochInPhaseReported = epochInPhase - 1;
        bool plateaued = plateau is not null && plateau.Observe(validationReward!.Value);
        bool stoppedEarly = plateaued && epochInPhase < phase.Epochs;
        if (epochInPhase >= phase.Epochs || plateaued)
        {
            phaseIndex++;
            epochInPhase = 0;
            plateau?.Reset();
        }

        var (mean, std) = Statistics.MeanStd(rewards);
        return new EpochReport
        {
            Epoch = epoch,
            Phase = phase.Name,
            EpochInPhase = epochInPhaseReported,
            SamplesSeen = samplesSeen,
            RewardMean = mean,
            RewardStd = std,
            RewardComponents = components.ToDictionary(kv => kv.Key, kv => Statistics.MeanStd(kv.Value).Mean, StringComparer.Ordinal),
            PerPrompt = PerPromptStats(prompts, rewards),
            Loss = training.Loss,
            ApproxKl = training.ApproxKl,
            ClipFraction = training.ClipFraction,
            ReferenceKl = options.KlBeta > 0 ? training.ReferenceKl : null,
            GradNorm = training.GradNorm,
            OptimizerSteps = training.Updates,
            ValidationReward = validationReward,
            StoppedEarly = stoppedEarly,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    public TrainerState CaptureState() => new()
    {
        Seed = options.Seed,
        Prompts = policy.Prompts.ToArray(),
        Phases = phases.Select(p => p.Name).ToArray(),
        EpochsCompleted = epochsCompleted,
        SamplesSeen = samplesSeen,
        PhaseIndex = phaseIndex,
        EpochInPhase = epochInPhase,
        PlateauBest = plateau?.Best,
        PlateauEpochsWithoutImprovement = plateau?.EpochsWithoutImprovement ?? 0,
        TrackerBuffers = tracker.Buffers,
    };

    /// <summary>Writes a checkpoint of the last complete epoch (adapters, optimizer, counters, tracker).</summary>
    public void SaveCheckpoint(string directory) => DdpoCheckpoint.Save(directory, CaptureState(), policy.TrainableParameters, optimizer);

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/> with the same settings.</summary>
    public void LoadCheckpoint(string directory)
    {
        var state = DdpoCheckpoint.Load(directory, policy.TrainableParameters, optimizer);
        state.CheckResumableBy(options.Seed, policy.Prompts, phases.Select(p => p.Name));
        epochsCompleted = state.EpochsCompleted;
        samplesSeen = state.SamplesSeen;
        phaseIndex = state.PhaseIndex;
        epochInPhase = state.EpochInPhase;
        plateau?.Restore(state.PlateauBest, state.PlateauEpochsWithoutImprovement);
        tracker.Restore(state.TrackerBuffers);
    }

    public void Dispose() => optimizer.Dispose();

    /// <summary>
    /// Prompts for this epoch's samples. DDPO draws each sample's prompt independently (as the reference's
    /// prompt function does); GRPO draws samples/G prompts, cycling through shuffled passes over the prompt
    /// list, and repeats each G times.
    /// </summary>
    private int[] DrawPrompts(Generator generator)
    {
        int count = policy.Prompts.Count;
        if (options.Advantage == AdvantageEstimator.PerPromptTracker)
        {
            using var draws = randint(0, count, new long[] { options.SamplesPerEpoch }, dtype: ScalarType.Int64, generator: generator);
            return draws.cpu().data<long>().Select(i => (int)i).ToArray();
        }
        int groups = options.SamplesPerEpoch / options.GroupSize;
        var chosen = new List<int>(groups);
        while (chosen.Count < groups)
        {
            using var pass = randperm(count, generator: generator);
            chosen.AddRange(pass.cpu().data<long>().Take(groups - chosen.Count).Select(i => (int)i));
        }
        return chosen.SelectMany(p => Enumerable.Repeat(p, options.GroupSize)).ToArray();
    }

    /// <summary>Samples in batches under no_grad and scores each batch; the tensors land in the caller's scope.</summary>
    private EpochSamples SampleEpoch(RefinePhase phase, int[] promptIndices, Generator generator, int epoch)
    {
        var latents = new List<Tensor>();
        var logProbs = new List<Tensor>();
        Tensor? timesteps = null;
        var rewards = new List<float>();
        var components = phase.Reward.Names.ToDictionary(n => n, _ => new List<float>(), StringComparer.Ordinal);
        var prompts = promptIndices.Select(i => policy.Prompts[i]).ToArray();

        for (int start = 0; start < promptIndices.Length; start += options.SampleBatchSize)
        {
            using var batchScope = NewDisposeScope();
            using var noGrad = no_grad();
            var batchIndices = promptIndices[start..(start + options.SampleBatchSize)];
            var batchPrompts = prompts[start..(start + options.SampleBatchSize)];
            var trajectory = policy.Sample(batchIndices, generator);
            CheckTrajectory(trajectory, batchIndices, timesteps);
            var scores = phase.Reward.ScoreComponents(trajectory.Final, batchPrompts);
            CheckFinite(scores, batchPrompts, start, epoch);

            rewards.AddRange(scores.Total);
            foreach (var (name, values) in scores.Components)
            {
                components[name].AddRange(values);
            }
            latents.Add(trajectory.Latents.detach().MoveToOuterDisposeScope());
            logProbs.Add(trajectory.LogProbs.detach().MoveToOuterDisposeScope());
            timesteps ??= trajectory.Timesteps.detach().clone().MoveToOuterDisposeScope();
        }

        var allLatents = cat(latents, 0);
        var allLogProbs = cat(logProbs, 0);
        foreach (var part in latents.Concat(logProbs))
        {
            part.Dispose();
        }
        return new EpochSamples(
            allLatents,
            allLogProbs,
            timesteps!,
            tensor(promptIndices.Select(i => (long)i).ToArray()),
            prompts,
            rewards.ToArray(),
            components.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal));
    }

    private double[] ComputeAdvantages(EpochSamples samples) => options.Advantage == AdvantageEstimator.PerPromptTracker
        ? tracker.Update(samples.Prompts, samples.Rewards)
        : GroupRelativeAdvantage.Compute(samples.Prompts, samples.Rewards);

    private TrainingStatistics Train(EpochSamples samples, Tensor advantages, Generator generator, int epoch)
    {
        int count = samples.Count;
        int steps = samples.Steps;
        if (!samples.Timesteps.cpu().data<long>().SequenceEqual(policy.Timesteps))
        {
            throw new InvalidOperationException("the policy's trajectories visit other timesteps than it declares");
        }
        // Steps where the adapters do not act (gated to early timesteps) cannot be trained; the fraction applies to the rest.
        int trained = options.TrainedTimesteps(adaptedSteps.Length);
        int batches = count / options.TrainBatchSize;
        int batchesPerUpdate = batches / options.UpdatesPerEpoch;
        // The reference's accumulation: one optimizer step per (batches_per_update x trained timesteps) backward passes.
        double lossScale = 1.0 / (batchesPerUpdate * trained);
        var parameters = policy.TrainableParameters;
        var statistics = new TrainingStatistics();

        for (int inner = 0; inner < options.InnerEpochs; inner++)
        {
            using var innerScope = NewDisposeScope();
            var samplePerm = randperm(count, generator: generator);
            // Row i of stepOrder is the timestep order of the i-th sample after shuffling.
            var stepOrder = stack(Enumerable.Range(0, count).Select(_ => randperm(adaptedSteps.Length, generator: generator)).ToArray());
            if (adaptedSteps.Length < steps)
            {
                stepOrder = tensor(adaptedSteps).index_select(0, stepOrder.flatten()).reshape(stepOrder.shape);
            }
            optimizer.zero_grad();

            for (int batch = 0; batch < batches; batch++)
            {
                var rows = samplePerm.narrow(0, batch * options.TrainBatchSize, options.TrainBatchSize);
                var batchOrder = stepOrder.narrow(0, batch * options.TrainBatchSize, options.TrainBatchSize);
                for (int j = 0; j < trained; j++)
                {
                    using var stepScope = NewDisposeScope();
                    var columns = batchOrder[TensorIndex.Colon, j];
                    var transitions = new TransitionBatch(
                        samples.Latents[TensorIndex.Tensor(rows), TensorIndex.Tensor(columns)],
                        samples.Latents[TensorIndex.Tensor(rows), TensorIndex.Tensor(columns + 1)],
                        samples.Timesteps[TensorIndex.Tensor(columns)],
                        samples.PromptIndices[TensorIndex.Tensor(rows)]);
                    TrainTimestep(transitions, samples.LogProbs[TensorIndex.Tensor(rows), TensorIndex.Tensor(columns)], advantages[TensorIndex.Tensor(rows)], lossScale, statistics, epoch);
                }

                if ((batch + 1) % batchesPerUpdate == 0)
                {
                    using var updateScope = NewDisposeScope();
                    double norm = nn.utils.clip_grad_norm_(parameters, options.MaxGradNorm);
                    if (!double.IsFinite(norm))
                    {
                        throw new NonFiniteTrainingError(epoch, $"the gradient norm is {norm} at inner epoch {inner}, update {(batch + 1) / batchesPerUpdate}");
                    }
                    optimizer.step();
                    optimizer.zero_grad();
                    statistics.AddUpdate(norm);
                }
            }
        }
        return statistics;
    }

    private void TrainTimestep(TransitionBatch transitions, Tensor oldLogProbs, Tensor advantages, double lossScale, TrainingStatistics statistics, int epoch)
    {
        var step = policy.Evaluate(transitions);
        CheckStep(step, transitions);
        var terms = ClippedSurrogate.Compute(step.LogProb, oldLogProbs, advantages, options.ClipRange);
        var loss = terms.Loss;
        double referenceKl = 0;
        if (options.KlBeta > 0)
        {
            Tensor referenceMean;
            using (no_grad())
            using (policy.DisableAdapters())
            {
                referenceMean = policy.Evaluate(transitions).Mean.detach();
            }
            var kl = GaussianStepKl.Compute(step.Mean, referenceMean, step.Std).mean();
            referenceKl = kl.item<float>();
            loss = loss + options.KlBeta * kl;
        }
        float lossValue = loss.item<float>();
        if (!float.IsFinite(lossValue))
        {
            throw new NonFiniteTrainingError(epoch, $"the loss is {lossValue} (log-probabilities: {DescribeFinite(step.LogProb)})");
        }
        (loss * lossScale).backward();
        statistics.AddTerm(lossValue, terms.ApproxKl.item<float>(), terms.ClipFraction.item<float>(), referenceKl);
    }

    private double ValidationReward(RefinePhase phase, int epoch)
    {
        var indices = validation!.PromptIndices.ToArray();
        using var generator = ComputeDevice.Generator(validation.Seed);
        double sum = 0;
        for (int start = 0; start < indices.Length; start += options.SampleBatchSize)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var batch = indices[start..Math.Min(indices.Length, start + options.SampleBatchSize)];
            var prompts = batch.Select(i => policy.Prompts[i]).ToArray();
            var trajectory = policy.Sample(batch, generator);
            var scores = phase.Reward.ScoreComponents(trajectory.Final, prompts);
            CheckFinite(scores, prompts, start, epoch, "validation ");
            sum += scores.Total.Sum(v => (double)v);
        }
        return sum / indices.Length;
    }

    private IReadOnlyList<PromptRewardStats> PerPromptStats(string[] prompts, float[] rewards) => PromptRewardStats.Of(policy.Prompts, prompts, rewards);

    private static void CheckFinite(RewardScores scores, IReadOnlyList<string> prompts, int offset, int epoch, string kind = "")
    {
        foreach (var (name, values) in scores.Components)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i]))
                {
                    throw new NonFiniteTrainingError(epoch, $"{kind}reward '{name}' is {values[i]} for sample {offset + i} (prompt '{prompts[i]}')");
                }
            }
        }
        for (int i = 0; i < scores.Total.Length; i++)
        {
            if (!float.IsFinite(scores.Total[i]))
            {
                throw new NonFiniteTrainingError(epoch, $"{kind}weighted reward total is {scores.Total[i]} for sample {offset + i} (prompt '{prompts[i]}')");
            }
        }
    }

    private void CheckTrajectory(Trajectory trajectory, int[] promptIndices, Tensor? timesteps)
    {
        if (trajectory.BatchSize != promptIndices.Length)
        {
            throw new InvalidOperationException($"the policy returned {trajectory.BatchSize} trajectories for {promptIndices.Length} prompts");
        }
        if (!trajectory.PromptIndices.cpu().data<long>().SequenceEqual(promptIndices.Select(i => (long)i)))
        {
            throw new InvalidOperationException("the policy's trajectories carry other prompt indices than requested");
        }
        if (timesteps is not null && !trajectory.Timesteps.cpu().data<long>().SequenceEqual(timesteps.cpu().data<long>()))
        {
            throw new InvalidOperationException("the policy changed its timestep schedule between sampling batches");
        }
    }

    private static void CheckStep(PolicyStep step, TransitionBatch transitions)
    {
        long batch = transitions.BatchSize;
        if (step.LogProb.dim() != 1 || step.LogProb.shape[0] != batch || step.Std.numel() != batch
            || !step.Mean.shape.SequenceEqual(transitions.NextLatents.shape))
        {
            throw new InvalidOperationException(
                $"the policy step has log-prob [{string.Join(", ", step.LogProb.shape)}], std [{string.Join(", ", step.Std.shape)}], mean [{string.Join(", ", step.Mean.shape)}] for a batch of {batch}");
        }
    }

    private static string DescribeFinite(Tensor values)
    {
        using var scope = NewDisposeScope();
        long nonFinite = values.detach().isfinite().logical_not().sum().item<long>();
        return $"{nonFinite} of {values.numel()} non-finite";
    }
}
