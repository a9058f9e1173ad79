using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Schedulers;

/// <summary>
/// The forward (noising) process of DDPM as diffusers computes it: betas from the configured schedule in
/// float32, <c>alphas_cumprod</c>, <c>add_noise</c>, <c>get_velocity</c> and the training target for the
/// configured prediction type. Holds no native tensors, so it is safe to create inside dispose scopes.
/// </summary>
public sealed class DdpmNoiseSchedule
{
    private readonly float[] alphasCumprod;

    public DdpmNoiseSchedule(NoiseScheduleConfig config)
    {
        config.Validate();
        Config = config;
        using var scope = NewDisposeScope();
        var betas = Betas(config);
        if (config.RescaleBetasZeroSnr)
        {
            betas = RescaleZeroTerminalSnr(betas);
        }
        var cumprod = (1.0f - betas).cumprod(0);
        alphasCumprod = cumprod.cpu().data<float>().ToArray();
    }

    public NoiseScheduleConfig Config { get; }

    public int NumTrainTimesteps => Config.NumTrainTimesteps;

    /// <summary>alphas_cumprod as float32 values, index = training timestep.</summary>
    public IReadOnlyList<float> AlphasCumprod => alphasCumprod;

    public float AlphaCumprod(long timestep)
    {
        CheckTimestep(timestep);
        return alphasCumprod[timestep];
    }

    /// <summary>alphas_cumprod as a float32 (num_train_timesteps) tensor.</summary>
    public Tensor AlphasCumprodTensor() => tensor(alphasCumprod);

    /// <summary>alphas_cumprod at each timestep of a (B) int64 tensor (or a scalar), shaped (B, 1, ..., 1) to broadcast over a tensor of rank <paramref name="rank"/>.</summary>
    public Tensor AlphaCumprodAt(Tensor timesteps, int rank, ScalarType dtype = ScalarType.Float32)
    {
        var steps = ReadTimesteps(timesteps);
        var values = new float[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            values[i] = AlphaCumprod(steps[i]);
        }
        var shape = new long[rank];
        Array.Fill(shape, 1L);
        shape[0] = steps.Length;
        return tensor(values).to(dtype).view(shape);
    }

    /// <summary>q(x_t | x_0): sqrt(a_t) x0 + sqrt(1 - a_t) noise, per sample.</summary>
    public Tensor AddNoise(Tensor original, Tensor noise, Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var a = AlphaCumprodAt(timesteps, (int)original.dim(), original.dtype);
        return (a.sqrt() * original + (1 - a).sqrt() * noise).MoveToOuterDisposeScope();
    }

    /// <summary>The v-prediction target: sqrt(a_t) noise - sqrt(1 - a_t) x0.</summary>
    public Tensor GetVelocity(Tensor original, Tensor noise, Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var a = AlphaCumprodAt(timesteps, (int)original.dim(), original.dtype);
        return (a.sqrt() * noise - (1 - a).sqrt() * original).MoveToOuterDisposeScope();
    }

    /// <summary>What the network is trained to output under the configured prediction type.</summary>
    public Tensor TrainingTarget(Tensor original, Tensor noise, Tensor timesteps) => Config.PredictionType switch
    {
        "epsilon" => noise.alias(),
        "v_prediction" => GetVelocity(original, noise, timesteps),
        "sample" => original.alias(),
        _ => throw new SchedulerConfigError($"prediction_type '{Config.PredictionType}' is not supported"),
    };

    /// <summary>Uniform training timesteps in [0, num_train_timesteps), as diffusers' training scripts draw them.</summary>
    public Tensor SampleTrainingTimesteps(long batch, Generator generator) =>
        randint(0, NumTrainTimesteps, [batch], dtype: ScalarType.Int64, generator: generator);

    internal void CheckTimestep(long timestep)
    {
        if (timestep < 0 || timestep >= alphasCumprod.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(timestep), $"timestep {timestep} is outside [0, {alphasCumprod.Length})");
        }
    }

    internal static long[] ReadTimesteps(Tensor timesteps)
    {
        if (timesteps.dim() > 1)
        {
            throw new ArgumentException($"timesteps must be a scalar or a (batch) vector, got shape [{string.Join(", ", timesteps.shape)}]");
        }
        using var cpu = timesteps.to(ScalarType.Int64, CPU).contiguous();
        return cpu.data<long>().ToArray();
    }

    private static Tensor Betas(NoiseScheduleConfig c)
    {
        if (c.TrainedBetas is not null)
        {
            return tensor(c.TrainedBetas.Select(b => (float)b).ToArray());
        }
        return c.BetaSchedule switch
        {
            "linear" => linspace(c.BetaStart, c.BetaEnd, c.NumTrainTimesteps, dtype: ScalarType.Float32),
            // Linear in sqrt(beta), as Stable Diffusion was trained.
            "scaled_linear" => linspace(Math.Sqrt(c.BetaStart), Math.Sqrt(c.BetaEnd), c.NumTrainTimesteps, dtype: ScalarType.Float32).pow(2),
            "squaredcos_cap_v2" => CosineBetas(c.NumTrainTimesteps),
            _ => throw new SchedulerConfigError($"beta_schedule '{c.BetaSchedule}' is not supported"),
        };
    }

    // Nichol & Dhariwal's cosine schedule: betas from a squared-cosine alpha_bar, capped at 0.999.
    private static Tensor CosineBetas(int n)
    {
        static double AlphaBar(double t) => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2);
        var betas = new float[n];
        for (int i = 0; i < n; i++)
        {
            double t1 = (double)i / n, t2 = (double)(i + 1) / n;
            betas[i] = (float)Math.Min(1 - AlphaBar(t2) / AlphaBar(t1), 0.999);
        }
        return tensor(betas);
    }

    // Lin et al. 2023: shift and scale sqrt(alpha_bar) so the last timestep has zero SNR, keeping the first.
    private static Tensor RescaleZeroTerminalSnr(Tensor betas)
    {
        var sqrtBar = (1.0f - betas).cumprod(0).sqrt();
        long n = sqrtBar.shape[0];
        var first = sqrtBar[0].clone();
        var last = sqrtBar[n - 1].clone();
        sqrtBar = (sqrtBar - last) * (first / (first - last));
        var bar = sqrtBar.pow(2);
        var alphas = cat([bar.narrow(0, 0, 1), bar.narrow(0, 1, n - 1) / bar.narrow(0, 0, n - 1)], 0);
        return 1.0f - alphas;
    }
}
