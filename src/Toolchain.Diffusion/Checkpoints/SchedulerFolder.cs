using Toolchain.Diffusion.Schedulers;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>A diffusers <c>scheduler/scheduler_config.json</c>: the noise schedule, written as a DDIMScheduler config.</summary>
public static class SchedulerFolder
{
    public const string ConfigFileName = "scheduler_config.json";
    public const string ClassName = "DDIMScheduler";

    /// <summary>A new config.json text for a schedule defined by its betas (explicit trained_betas are kept only by copying a checkpoint's file).</summary>
    public static string ConfigJson(NoiseScheduleConfig c)
    {
        if (c.TrainedBetas is not null)
        {
            throw new ArgumentException("a schedule with explicit trained_betas is saved by copying its scheduler_config.json, not regenerated", nameof(c));
        }
        var writer = new ConfigWriter(ClassName)
            .Add("num_train_timesteps", c.NumTrainTimesteps)
            .Add("beta_start", c.BetaStart)
            .Add("beta_end", c.BetaEnd)
            .Add("beta_schedule", c.BetaSchedule)
            .Add("prediction_type", c.PredictionType)
            .Add("clip_sample", c.ClipSample)
            .Add("clip_sample_range", c.ClipSampleRange)
            .Add("set_alpha_to_one", c.SetAlphaToOne)
            .Add("steps_offset", c.StepsOffset)
            .Add("timestep_spacing", c.TimestepSpacing)
            .Add("rescale_betas_zero_snr", c.RescaleBetasZeroSnr)
            .Add("thresholding", false)
            .AddNull("trained_betas");
        return writer.ToJson();
    }
}
