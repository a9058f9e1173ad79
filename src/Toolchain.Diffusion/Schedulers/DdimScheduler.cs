using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Schedulers;

/// <summary>
/// DDIM sampling as diffusers' DDIMScheduler does it (timestep spacing, steps_offset, set_alpha_to_one,
/// clip_sample, epsilon / v / sample prediction), extended with the per-step Gaussian log-probability of
/// DDPO's <c>ddim_step_with_logprob</c>.
/// </summary>
/// <remarks>
/// The previous alpha: with eta = 0 the last step uses <c>final_alpha_cumprod</c> (1 when set_alpha_to_one,
/// else alphas_cumprod[0]) exactly as diffusers; with eta &gt; 0 the previous timestep is clamped at 0 as DDPO
/// does, so the last step stays a proper Gaussian (with set_alpha_to_one its variance would otherwise be 0).
/// For SD 1.x/2.x configs (set_alpha_to_one false) both rules give the same numbers.
/// </remarks>
public sealed class DdimScheduler
{
    private long[] timesteps = [];

    public DdimScheduler(NoiseScheduleConfig config)
    {
        Schedule = new DdpmNoiseSchedule(config);
        FinalAlphaCumprod = config.SetAlphaToOne ? 1.0f : Schedule.AlphasCumprod[0];
    }

    public NoiseScheduleConfig Config => Schedule.Config;

    public DdpmNoiseSchedule Schedule { get; }

    public float FinalAlphaCumprod { get; }

    /// <summary>DDIM starts from unit-variance noise.</summary>
    public double InitNoiseSigma => 1.0;

    public int NumInferenceSteps { get; private set; }

    /// <summary>The denoising timesteps, highest first (set by <see cref="SetTimesteps"/>).</summary>
    public IReadOnlyList<long> Timesteps => timesteps;

    public Tensor TimestepsTensor() => tensor(timesteps);

    /// <summary>Chooses <paramref name="numInferenceSteps"/> timesteps with the configured spacing, as diffusers does.</summary>
    public void SetTimesteps(int numInferenceSteps)
    {
        int trainSteps = Config.NumTrainTimesteps;
        if (numInferenceSteps < 1 || numInferenceSteps > trainSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(numInferenceSteps), $"number of inference steps must be in [1, {trainSteps}], got {numInferenceSteps}");
        }
        var steps = new long[numInferenceSteps];
        switch (Config.TimestepSpacing)
        {
            case "linspace":
                for (int i = 0; i < numInferenceSteps; i++)
                {
                    double v = numInferenceSteps == 1 ? 0 : (double)i * (trainSteps - 1) / (numInferenceSteps - 1);
                    steps[numInferenceSteps - 1 - i] = (long)Math.Round(v, MidpointRounding.ToEven);
                }
                break;
            case "leading":
                // Integer ratio: SD 1.x with 50 steps and offset 1 gives 981, 961, ..., 1.
                int ratio = trainSteps / numInferenceSteps;
                for (int i = 0; i < numInferenceSteps; i++)
                {
                    steps[numInferenceSteps - 1 - i] = (long)i * ratio + Config.StepsOffset;
                }
                break;
            case "trailing":
                double fractional = (double)trainSteps / numInferenceSteps;
                for (int i = 0; i < numInferenceSteps; i++)
                {
                    steps[i] = (long)Math.Round(trainSteps - i * fractional, MidpointRounding.ToEven) - 1;
                }
                break;
            default:
                throw new SchedulerConfigError($"timestep_spacing '{Config.TimestepSpacing}' is not supported");
        }
        foreach (var t in steps)
        {
            Schedule.CheckTimestep(t);
        }
        timesteps = steps;
        NumInferenceSteps = numInferenceSteps;
    }

    /// <summary>t - num_train_timesteps / num_inference_steps (may be negative at the last step).</summary>
    public long PreviousTimestep(long timestep)
    {
        RequireTimesteps();
        return timestep - Config.NumTrainTimesteps / NumInferenceSteps;
    }

    public DdimStepOutput Step(Tensor modelOutput, long timestep, Tensor sample, double eta = 0.0, Generator? generator = null)
    {
        using var t = tensor(timestep);
        return Step(modelOutput, t, sample, eta, generator);
    }

    /// <summary>
    /// One DDIM step from <paramref name="sample"/> at <paramref name="timesteps"/> (a scalar or one per sample).
    /// With eta &gt; 0 the noise comes from <paramref name="generator"/> (required, for reproducibility), unless
    /// <paramref name="prevSample"/> is given, in which case that transition is evaluated instead of drawn.
    /// </summary>
    public DdimStepOutput Step(Tensor modelOutput, Tensor timesteps, Tensor sample, double eta = 0.0, Generator? generator = null, Tensor? prevSample = null)
    {
        RequireTimesteps();
        if (eta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(eta), "eta must be >= 0");
        }
        if (!modelOutput.shape.SequenceEqual(sample.shape))
        {
            throw new ArgumentException($"model output shape [{string.Join(", ", modelOutput.shape)}] differs from sample shape [{string.Join(", ", sample.shape)}]");
        }
        if (eta > 0 && prevSample is null && generator is null)
        {
            throw new ArgumentException("a stochastic step (eta > 0) needs an explicit generator", nameof(generator));
        }
        using var scope = NewDisposeScope();
        int rank = (int)sample.dim();
        var (alphaT, alphaPrev) = Alphas(timesteps, rank, sample.dtype, stochastic: eta > 0);
        var betaT = 1 - alphaT;

        Tensor predX0, predEps;
        switch (Config.PredictionType)
        {
            case "epsilon":
                predX0 = (sample - betaT.sqrt() * modelOutput) / alphaT.sqrt();
                predEps = modelOutput;
                break;
            case "sample":
                predX0 = modelOutput;
                predEps = (sample - alphaT.sqrt() * predX0) / betaT.sqrt();
                break;
            case "v_prediction":
                predX0 = alphaT.sqrt() * sample - betaT.sqrt() * modelOutput;
                predEps = alphaT.sqrt() * modelOutput + betaT.sqrt() * sample;
                break;
            default:
                throw new SchedulerConfigError($"prediction_type '{Config.PredictionType}' is not supported");
        }
        if (Config.ClipSample)
        {
            predX0 = predX0.clamp(-Config.ClipSampleRange, Config.ClipSampleRange);
        }

        var variance = (1 - alphaPrev) / betaT * (1 - alphaT / alphaPrev);
        var std = eta * variance.sqrt();
        var direction = (1 - alphaPrev - std.pow(2)).sqrt() * predEps;
        var mean = alphaPrev.sqrt() * predX0 + direction;

        Tensor prev;
        Tensor? logProb = null;
        if (eta > 0)
        {
            prev = prevSample is not null
                ? prevSample.to(sample.dtype)
                : mean + std * randn(sample.shape, dtype: sample.dtype, device: sample.device, generator: generator);
            logProb = GaussianLogProb(prev.detach(), mean, std);
        }
        else
        {
            prev = prevSample is not null ? prevSample.to(sample.dtype) : mean.alias();
        }
        return new DdimStepOutput(
            prev.MoveToOuterDisposeScope(),
            predX0.MoveToOuterDisposeScope(),
            mean.MoveToOuterDisposeScope(),
            std.MoveToOuterDisposeScope(),
            logProb?.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Log-density of a recorded transition under the current policy (DDPO training): differentiable with
    /// respect to <paramref name="modelOutput"/>, averaged over all non-batch dims, shape (B). Needs eta &gt; 0.
    /// </summary>
    public Tensor LogProb(Tensor modelOutput, Tensor timesteps, Tensor sample, Tensor prevSample, double eta)
    {
        if (eta <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(eta), "the deterministic step (eta = 0) has no density; use eta > 0");
        }
        using var step = Step(modelOutput, timesteps, sample, eta, generator: null, prevSample: prevSample);
        return step.LogProb!.alias();
    }

    private static Tensor GaussianLogProb(Tensor value, Tensor mean, Tensor std)
    {
        var logDensity = -(value - mean).pow(2) / (2 * std.pow(2)) - std.log() - Math.Log(Math.Sqrt(2 * Math.PI));
        var dims = Enumerable.Range(1, (int)logDensity.dim() - 1).Select(d => (long)d).ToArray();
        return dims.Length == 0 ? logDensity : logDensity.mean(dims);
    }

    private (Tensor AlphaT, Tensor AlphaPrev) Alphas(Tensor timesteps, int rank, ScalarType dtype, bool stochastic)
    {
        var steps = DdpmNoiseSchedule.ReadTimesteps(timesteps);
        var alphaT = new float[steps.Length];
        var alphaPrev = new float[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            alphaT[i] = Schedule.AlphaCumprod(steps[i]);
            long prev = PreviousTimestep(steps[i]);
            alphaPrev[i] = stochastic
                ? Schedule.AlphaCumprod(Math.Clamp(prev, 0, Config.NumTrainTimesteps - 1))
                : prev >= 0 ? Schedule.AlphaCumprod(prev) : FinalAlphaCumprod;
        }
        var shape = new long[rank];
        Array.Fill(shape, 1L);
        shape[0] = steps.Length;
        return (tensor(alphaT).to(dtype).view(shape), tensor(alphaPrev).to(dtype).view(shape));
    }

    private void RequireTimesteps()
    {
        if (NumInferenceSteps == 0)
        {
            throw new InvalidOperationException("call SetTimesteps before stepping the DDIM scheduler");
        }
    }
}
