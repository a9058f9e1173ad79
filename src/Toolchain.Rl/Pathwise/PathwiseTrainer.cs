using System.Diagnostics;
using Toolchain.Rl.Advantages;
using Toolchain.Rl.Rewards;
using Toolchain.Rl.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Rl.Pathwise;

/// <summary>
/// DRaFT-K reward fine-tuning of LoRA adapters: each optimizer step samples a batch of images with the
/// deterministic guided sampler (<see cref="UnetPathwiseSampler"/>), keeps the graph of the last K denoising
/// steps, and follows the gradient of the phase's differentiable reward mix (minus its mean is the loss). Far
/// fewer reward queries than a policy gradient need, because every image gives a gradient per pixel instead
/// of one scalar. Each epoch's prompts are a seeded shuffle of the prompt list, repeated, so rare prompts get
/// their share. The reported reward is the phase's own (thresholded) score of the same images, so curves read
/// like DDPO's; a held-out judge must still decide whether the gain is real.
/// </summary>
public sealed class PathwiseTrainer : IRefineTrainer
{
    private readonly UnetPathwiseSampler sampler;
    private readonly PathwiseOptions options;
    private readonly IReadOnlyList<RefinePhase> phases;
    private readonly AdamW optimizer;
    private int epochsCompleted;
    private int phaseIndex;
    private int epochInPhase;
    private long samplesSeen;

    public PathwiseTrainer(UnetPathwiseSampler sampler, PathwiseOptions options, IReadOnlyList<RefinePhase> phases)
    {
        options.Validate();
        if (phases.Count == 0)
        {
            throw new RefineSettingsError("phases", "at least one phase is needed");
        }
        foreach (var phase in phases)
        {
            if (phase.Epochs < 1) throw new RefineSettingsError($"phases.{phase.Name}.epochs", $"{phase.Epochs} must be at least 1");
            foreach (var term in phase.Reward.Terms)
            {
                if (term.Reward is not IDifferentiableReward)
                {
                    throw new RefineSettingsError($"phases.{phase.Name}.rewards.{term.Name}", "is not differentiable; algorithm 'draft' backpropagates the reward and needs rewards such as 'classifier'");
                }
            }
        }
        if (options.BackpropSteps > sampler.Timesteps.Count)
        {
            throw new RefineSettingsError("pathwise.backprop_steps", $"{options.BackpropSteps} exceeds the sampler's {sampler.Timesteps.Count} steps");
        }
        this.sampler = sampler;
        this.options = options;
        this.phases = phases;
        optimizer = optim.AdamW(sampler.TrainableParameters, options.LearningRate, options.Beta1, options.Beta2, options.AdamEpsilon, options.WeightDecay);
    }

    public int EpochsCompleted => epochsCompleted;

    public long SamplesSeen => samplesSeen;

    public bool IsFinished => phaseIndex >= phases.Count;

    /// <summary>Samples, scores and trains one epoch of the current phase: one optimizer step per batch.</summary>
    public EpochReport RunEpoch()
    {
        if (IsFinished) throw new InvalidOperationException("every phase is complete");
        var phase = phases[phaseIndex];
        int epoch = epochsCompleted;
        var clock = Stopwatch.StartNew();
        var prompts = new List<string>();
        var rewards = new List<float>();
        var components = phase.Reward.Names.ToDictionary(n => n, _ => new List<float>(), StringComparer.Ordinal);
        double lossSum = 0, normSum = 0;
        int steps = 0;
        using (var generator = Diffusion.Runtime.ComputeDevice.Generator(EpochSeeds.For(options.Seed, epoch)))
        {
            var order = DrawPrompts(generator);
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order.Skip(start).Take(options.BatchSize).ToArray();
                var batchPrompts = batch.Select(i => sampler.Prompts[i]).ToList();
                optimizer.zero_grad();
                var images = sampler.Generate(batch, generator, options.BackpropSteps);
                Tensor objective = zeros(batch.Length);
                foreach (var term in phase.Reward.Terms)
                {
                    objective = objective + term.Weight * ((IDifferentiableReward)term.Reward).Objective(images, batchPrompts);
                }
                var loss = -objective.mean();
                loss.backward();
                double norm = nn.utils.clip_grad_norm_(sampler.TrainableParameters, options.MaxGradNorm);
                float lossValue = loss.item<float>();
                if (!double.IsFinite(norm) || !float.IsFinite(lossValue))
                {
                    throw new NonFiniteTrainingError(epoch, $"the pathwise loss ({lossValue}) or its gradient norm ({norm}) is not finite");
                }
                optimizer.step();
                lossSum += lossValue;
                normSum += norm;
                steps++;
                using (no_grad())
                {
                    var scores = phase.Reward.ScoreComponents(images.detach(), batchPrompts);
                    prompts.AddRange(batchPrompts);
                    rewards.AddRange(scores.Total);
                    foreach (var (name, values) in scores.Components) components[name].AddRange(values);
                }
            }
        }
        epochsCompleted++;
        epochInPhase++;
        samplesSeen += options.SamplesPerEpoch;
        int reportedEpochInPhase = epochInPhase - 1;
        if (epochInPhase >= phase.Epochs)
        {
            phaseIndex++;
            epochInPhase = 0;
        }
        var (mean, std) = Statistics.MeanStd(rewards);
        return new EpochReport
        {
            Epoch = epoch,
            Phase = phase.Name,
            EpochInPhase = reportedEpochInPhase,
            SamplesSeen = samplesSeen,
            RewardMean = mean,
            RewardStd = std,
            RewardComponents = components.ToDictionary(kv => kv.Key, kv => Statistics.MeanStd(kv.Value).Mean, StringComparer.Ordinal),
            PerPrompt = PromptRewardStats.Of(sampler.Prompts, prompts, rewards),
            Loss = lossSum / steps,
            ApproxKl = 0,
            ClipFraction = 0,
            ReferenceKl = null,
            GradNorm = normSum / steps,
            OptimizerSteps = steps,
            ValidationReward = null,
            StoppedEarly = false,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>A seeded shuffle of every prompt index, repeated until the epoch's samples are filled.</summary>
    private int[] DrawPrompts(Generator generator)
    {
        int count = sampler.Prompts.Count;
        var order = new List<int>(options.SamplesPerEpoch);
        while (order.Count < options.SamplesPerEpoch)
        {
            using var permutation = randperm(count, generator: generator);
            order.AddRange(permutation.data<long>().Select(i => (int)i));
        }
        return order.Take(options.SamplesPerEpoch).ToArray();
    }

    public void SaveCheckpoint(string directory) => DdpoCheckpoint.Save(directory, new TrainerState
    {
        Seed = options.Seed,
        Prompts = sampler.Prompts.ToArray(),
        Phases = phases.Select(p => p.Name).ToArray(),
        EpochsCompleted = epochsCompleted,
        SamplesSeen = samplesSeen,
        PhaseIndex = phaseIndex,
        EpochInPhase = epochInPhase,
        PlateauBest = null,
        PlateauEpochsWithoutImprovement = 0,
        TrackerBuffers = new Dictionary<string, float[]>(),
    }, sampler.TrainableParameters, optimizer);

    public void LoadCheckpoint(string directory)
    {
        var state = DdpoCheckpoint.Load(directory, sampler.TrainableParameters, optimizer);
        state.CheckResumableBy(options.Seed, sampler.Prompts, phases.Select(p => p.Name));
        epochsCompleted = state.EpochsCompleted;
        samplesSeen = state.SamplesSeen;
        phaseIndex = state.PhaseIndex;
        epochInPhase = state.EpochInPhase;
    }

    public void Dispose() => optimizer.Dispose();
}
