using System.Globalization;
using System.Text.Json;

namespace Toolchain.Diffusion.Schedulers;

/// <summary>
/// The fields of a diffusers <c>scheduler_config.json</c> that define the DDPM noise schedule and DDIM sampling.
/// Defaults are diffusers' DDIMScheduler defaults; <see cref="StableDiffusion1"/> is the SD 1.x setting.
/// Keys that only configure other samplers (PNDM's skip_prk_steps, Euler's use_karras_sigmas, ...) are
/// listed in <see cref="IgnoredKeys"/> rather than silently dropped.
/// </summary>
public sealed record NoiseScheduleConfig
{
    public int NumTrainTimesteps { get; init; } = 1000;
    public double BetaStart { get; init; } = 0.0001;
    public double BetaEnd { get; init; } = 0.02;
    /// <summary><c>linear</c>, <c>scaled_linear</c> or <c>squaredcos_cap_v2</c>.</summary>
    public string BetaSchedule { get; init; } = "linear";
    /// <summary>Explicit betas; when set they replace <see cref="BetaSchedule"/>.</summary>
    public IReadOnlyList<double>? TrainedBetas { get; init; }
    /// <summary><c>epsilon</c>, <c>v_prediction</c> or <c>sample</c>.</summary>
    public string PredictionType { get; init; } = "epsilon";
    public bool ClipSample { get; init; } = true;
    public double ClipSampleRange { get; init; } = 1.0;
    public bool SetAlphaToOne { get; init; } = true;
    public int StepsOffset { get; init; }
    /// <summary><c>leading</c>, <c>trailing</c> or <c>linspace</c>.</summary>
    public string TimestepSpacing { get; init; } = "leading";
    public bool RescaleBetasZeroSnr { get; init; }
    public IReadOnlyList<string> IgnoredKeys { get; init; } = [];

    /// <summary>Stable Diffusion 1.x's scheduler settings (scaled_linear 0.00085..0.012, steps_offset 1, no clipping).</summary>
    public static NoiseScheduleConfig StableDiffusion1 { get; } = new()
    {
        BetaStart = 0.00085,
        BetaEnd = 0.012,
        BetaSchedule = "scaled_linear",
        ClipSample = false,
        SetAlphaToOne = false,
        StepsOffset = 1,
    };

    public static NoiseScheduleConfig FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new SchedulerConfigError($"{path}: file not found");
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return FromJson(doc.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new SchedulerConfigError($"{path}: invalid JSON: {e.Message}");
        }
    }

    public static NoiseScheduleConfig FromJson(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SchedulerConfigError($"{source}: expected a JSON object");
        }
        var config = new NoiseScheduleConfig();
        var ignored = new List<string>();
        foreach (var p in root.EnumerateObject())
        {
            var v = p.Value;
            config = p.Name switch
            {
                "num_train_timesteps" => config with { NumTrainTimesteps = Int(source, p.Name, v) },
                "beta_start" => config with { BetaStart = Number(source, p.Name, v) },
                "beta_end" => config with { BetaEnd = Number(source, p.Name, v) },
                "beta_schedule" => config with { BetaSchedule = Text(source, p.Name, v) },
                "trained_betas" => config with { TrainedBetas = v.ValueKind == JsonValueKind.Null ? null : Numbers(source, p.Name, v) },
                "prediction_type" => config with { PredictionType = Text(source, p.Name, v) },
                "clip_sample" => config with { ClipSample = Bool(source, p.Name, v) },
                "clip_sample_range" => config with { ClipSampleRange = Number(source, p.Name, v) },
                "set_alpha_to_one" => config with { SetAlphaToOne = Bool(source, p.Name, v) },
                "steps_offset" => config with { StepsOffset = Int(source, p.Name, v) },
                "timestep_spacing" => config with { TimestepSpacing = Text(source, p.Name, v) },
                "rescale_betas_zero_snr" => config with { RescaleBetasZeroSnr = Bool(source, p.Name, v) },
                "thresholding" when Bool(source, p.Name, v) =>
                    throw new SchedulerConfigError($"{source}: 'thresholding': true (dynamic thresholding) is not supported"),
                _ => Ignore(config, ignored, p.Name),
            };
        }
        config = config with { IgnoredKeys = ignored };
        config.Validate(source);
        return config;
    }

    /// <summary>Throws <see cref="SchedulerConfigError"/> naming the first unsupported or out-of-range field.</summary>
    public void Validate(string source = "scheduler config")
    {
        if (NumTrainTimesteps < 2)
        {
            throw new SchedulerConfigError($"{source}: num_train_timesteps must be at least 2, got {NumTrainTimesteps}");
        }
        if (TrainedBetas is null && BetaSchedule is not ("linear" or "scaled_linear" or "squaredcos_cap_v2"))
        {
            throw new SchedulerConfigError($"{source}: beta_schedule '{BetaSchedule}' is not supported (linear, scaled_linear, squaredcos_cap_v2)");
        }
        if (TrainedBetas is not null && TrainedBetas.Count != NumTrainTimesteps)
        {
            throw new SchedulerConfigError($"{source}: trained_betas has {TrainedBetas.Count} values, num_train_timesteps is {NumTrainTimesteps}");
        }
        if (BetaSchedule != "squaredcos_cap_v2" && TrainedBetas is null && !(BetaStart > 0 && BetaEnd >= BetaStart && BetaEnd < 1))
        {
            throw new SchedulerConfigError($"{source}: need 0 < beta_start <= beta_end < 1, got {BetaStart.ToString(CultureInfo.InvariantCulture)}..{BetaEnd.ToString(CultureInfo.InvariantCulture)}");
        }
        if (PredictionType is not ("epsilon" or "v_prediction" or "sample"))
        {
            throw new SchedulerConfigError($"{source}: prediction_type '{PredictionType}' is not supported (epsilon, v_prediction, sample)");
        }
        if (TimestepSpacing is not ("leading" or "trailing" or "linspace"))
        {
            throw new SchedulerConfigError($"{source}: timestep_spacing '{TimestepSpacing}' is not supported (leading, trailing, linspace)");
        }
        if (StepsOffset < 0 || StepsOffset >= NumTrainTimesteps)
        {
            throw new SchedulerConfigError($"{source}: steps_offset {StepsOffset} is outside [0, num_train_timesteps)");
        }
    }

    private static NoiseScheduleConfig Ignore(NoiseScheduleConfig config, List<string> ignored, string key)
    {
        ignored.Add(key);
        return config;
    }

    private static string Text(string source, string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new SchedulerConfigError($"{source}: '{key}' must be a string");

    private static bool Bool(string source, string key, JsonElement v) =>
        v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new SchedulerConfigError($"{source}: '{key}' must be true or false");

    private static double Number(string source, string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new SchedulerConfigError($"{source}: '{key}' must be a number");

    private static int Int(string source, string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new SchedulerConfigError($"{source}: '{key}' must be an integer");

    private static double[] Numbers(string source, string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => Number(source, key, e)).ToArray()
            : throw new SchedulerConfigError($"{source}: '{key}' must be an array of numbers or null");
}
