using Toolchain.Diffusion.Checkpoints;
using Toolchain.Specs.Loading;
using Toolchain.Stages.FineTune;

namespace Toolchain.Stages.Sample;

/// <summary>The sample stage's settings (SampleStageSchema), typed.</summary>
public sealed record SampleSettings(SamplingSettings Sampling, int BatchSize, double Oversample, long Seed)
{
    public static SampleSettings Read(ResolvedSpec spec, ResolvedStage stage)
    {
        var s = stage.Settings;
        return new SampleSettings(
            new SamplingSettings(SettingValues.Int(s, "num_steps"), SettingValues.Number(s, "guidance_scale"), SettingValues.Number(s, "eta")),
            SettingValues.Int(s, "batch_size"),
            SettingValues.Number(s, "oversample"),
            spec.Dataset.Seed + (long)SettingValues.Int(s, "seed_offset"));
    }
}
