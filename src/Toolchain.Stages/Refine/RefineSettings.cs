using System.Text.Json.Nodes;
using Toolchain.Diffusion.Lora;
using Toolchain.Rl.Policy;
using Toolchain.Rl.Training;

namespace Toolchain.Stages.Refine;

/// <summary>One phase of the schedule as the pipeline writes it: a name, its epochs and its reward mix (name to weight).</summary>
public sealed record PhaseSettings(string Name, int Epochs, IReadOnlyList<KeyValuePair<string, double>> Rewards);

/// <summary>
/// The resolved <c>refine</c> settings mapped onto the RL library's types: trainer options, the sampling
/// policy (steps, guidance, eta), the LoRA adapters and the phase list (PipelineRules materialises a single
/// phase <c>main</c> when the pipeline gives only <c>rewards</c>).
/// </summary>
/// <param name="Pathwise">DRaFT-K's options when the algorithm is <c>draft</c>; null for the policy-gradient algorithms.</param>
public sealed record RefineSettings(string Algorithm, DdpoOptions Options, DdimPolicySettings Policy, LoraConfig Lora, IReadOnlyList<PhaseSettings> Phases, int Seed,
    Rl.Pathwise.PathwiseOptions? Pathwise = null)
{
    /// <param name="settings">The stage's settings with every default applied.</param>
    /// <param name="datasetSeed">The dataset spec's seed; the stage's seed is it plus <c>seed_offset</c>.</param>
    public static RefineSettings Read(JsonObject settings, int datasetSeed)
    {
        int seed = unchecked(datasetSeed + Int(settings, "seed_offset"));
        string algorithm = String(settings, "algorithm");
        bool grpo = algorithm == "grpo";
        int batch = Int(settings, "batch_size");
        var tracking = Object(settings, "stat_tracking");
        var stopping = settings["early_stopping"] as JsonObject;
        var options = new DdpoOptions
        {
            SamplesPerEpoch = Int(settings, "samples_per_epoch"),
            SampleBatchSize = batch,
            TrainBatchSize = batch,
            UpdatesPerEpoch = Int(settings, "updates_per_epoch"),
            TimestepFraction = Double(settings, "timestep_fraction"),
            ClipRange = Double(settings, "clip_range"),
            AdvantageClipMax = Double(settings, "adv_clip_max"),
            LearningRate = Double(settings, "learning_rate"),
            WeightDecay = Double(settings, "weight_decay"),
            Beta1 = Double(settings, "adam_beta1"),
            Beta2 = Double(settings, "adam_beta2"),
            AdamEpsilon = Double(settings, "adam_epsilon"),
            MaxGradNorm = Double(settings, "max_grad_norm"),
            Advantage = grpo ? AdvantageEstimator.GroupRelative : AdvantageEstimator.PerPromptTracker,
            GroupSize = grpo ? Int(settings, "group_size") : 1,
            TrackerBufferSize = Int(tracking, "buffer_size"),
            TrackerMinCount = Int(tracking, "min_count"),
            KlBeta = Double(settings, "kl_beta"),
            EarlyStopping = stopping is null ? null : new EarlyStoppingOptions(Int(stopping, "patience"), Double(stopping, "min_delta")),
            Seed = unchecked((ulong)seed),
        };
        options.Validate();

        var policy = new DdimPolicySettings(Int(settings, "num_steps"), Double(settings, "guidance_scale"), Double(settings, "eta"));
        var pathwise = algorithm != "draft" ? null : new Rl.Pathwise.PathwiseOptions
        {
            SamplesPerEpoch = options.SamplesPerEpoch,
            BatchSize = batch,
            BackpropSteps = Int(Object(settings, "pathwise"), "backprop_steps"),
            LearningRate = options.LearningRate,
            WeightDecay = options.WeightDecay,
            Beta1 = options.Beta1,
            Beta2 = options.Beta2,
            AdamEpsilon = options.AdamEpsilon,
            MaxGradNorm = options.MaxGradNorm,
            Seed = options.Seed,
        };
        pathwise?.Validate();
        // A pathwise method differentiates through the sampler, noisy or not; the policy gradient needs eta > 0.
        if (pathwise is null && !(policy.Eta > 0))
        {
            throw new RefineSettingsError("eta", "must be above 0: with eta 0 the DDIM step has no noise, so it has no log-probability to train");
        }

        var loraSettings = Object(settings, "lora");
        var lora = new LoraConfig
        {
            Rank = Int(loraSettings, "rank"),
            Alpha = Double(loraSettings, "alpha"),
            Dropout = Double(loraSettings, "dropout"),
            TargetModules = (loraSettings["target_modules"] as JsonArray ?? throw Missing("lora.target_modules")).Select(n => n!.GetValue<string>()).ToArray(),
            MinTimestep = loraSettings["min_timestep"]?.GetValue<int>(),
        };
        if (lora.Dropout > 0)
        {
            throw new RefineSettingsError("lora.dropout", "must be 0 for RL: dropout would make the trained policy differ from the one that sampled the images");
        }

        var phases = (settings["phases"] as JsonArray ?? throw Missing("phases"))
            .Select(p => (JsonObject)p!)
            .Select(p => new PhaseSettings(
                String(p, "name"),
                Int(p, "epochs"),
                Object(p, "rewards").Select(kv => new KeyValuePair<string, double>(kv.Key, Number(kv.Value!, $"phases.{p["name"]}.rewards.{kv.Key}"))).ToArray()))
            .ToArray();
        return new RefineSettings(algorithm, options, policy, lora, phases, seed, pathwise);
    }

    /// <summary>Every reward name some phase uses with a non-zero weight, in first-use order.</summary>
    public IReadOnlyList<string> RewardNames => Phases.SelectMany(p => p.Rewards).Where(r => r.Value != 0).Select(r => r.Key).Distinct(StringComparer.Ordinal).ToArray();

    private static int Int(JsonObject o, string key) => (o[key] ?? throw Missing(key)).GetValue<int>();

    private static double Double(JsonObject o, string key) => Number(o[key] ?? throw Missing(key), key);

    // Integral YAML values (e.g. adv_clip_max: 5) arrive as integers.
    private static double Number(JsonNode node, string key) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) ? d
        : node is JsonValue w && w.TryGetValue<long>(out var l) ? l
        : throw new InvalidOperationException($"refine setting '{key}' is not a number");

    private static string String(JsonObject o, string key) => (o[key] ?? throw Missing(key)).GetValue<string>();

    private static JsonObject Object(JsonObject o, string key) => o[key] as JsonObject ?? throw Missing(key);

    // The resolver applies every default, so a missing key is a bug in the schema or the runner, not user input.
    private static InvalidOperationException Missing(string key) => new($"refine settings lack '{key}' after defaults were applied");
}
