using System.Diagnostics;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Schedulers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Training;

/// <summary>
/// DDPM training of a <see cref="TextToImageModel"/> on (image, prompt) batches: noise the images at uniform
/// random timesteps, predict the configured target (epsilon or v) and minimise the mean squared error. Trains
/// the whole UNet (plus the text encoder when asked) or only LoRA adapters attached beforehand. All randomness
/// (flips, dropped prompts, timesteps, noise) comes from the generator each step is given.
/// </summary>
public sealed class TextToImageTrainer : IDisposable
{
    private readonly TextToImageModel model;
    private readonly DdpmNoiseSchedule schedule;
    private readonly AdamW optimizer;

    /// <param name="lora">Adapters already attached to the model's UNet (only they train), or null to train the UNet fully.</param>
    public TextToImageTrainer(TextToImageModel model, DiffusionTrainingOptions options, LoraNetwork? lora = null)
    {
        options.Validate();
        if (lora is not null && options.TrainTextEncoder)
        {
            throw new ArgumentException("LoRA fine-tuning keeps the text encoder frozen");
        }
        this.model = model;
        Options = options;
        schedule = new DdpmNoiseSchedule(model.NoiseSchedule);
        var trainable = new List<Parameter>();
        if (lora is not null)
        {
            trainable.AddRange(lora.Parameters());
        }
        else
        {
            trainable.AddRange(model.Unet.parameters());
        }
        foreach (var (name, p) in model.TextEncoder.named_parameters())
        {
            p.requires_grad = options.TrainTextEncoder && (options.TrainTokenEmbedding || name != TokenEmbeddingName);
            if (p.requires_grad)
            {
                trainable.Add(p);
            }
        }
        Trainable = trainable;
        optimizer = optim.AdamW(trainable, lr: options.LearningRate, weight_decay: options.WeightDecay);
        Ema = options.EmaMaxDecay is { } decay ? new ExponentialMovingAverage(trainable, decay) : null;
    }

    /// <summary>The CLIP text encoder's token table, which <see cref="DiffusionTrainingOptions.TrainTokenEmbedding"/> may freeze.</summary>
    public const string TokenEmbeddingName = "text_model.embeddings.token_embedding.weight";

    /// <summary>The moving average of <see cref="Trainable"/>, when the options keep one.</summary>
    public ExponentialMovingAverage? Ema { get; }

    public DiffusionTrainingOptions Options { get; }

    /// <summary>The parameters the optimizer updates, in a fixed order (checkpoints rely on it).</summary>
    public IReadOnlyList<Parameter> Trainable { get; }

    public AdamW Optimizer => optimizer;

    /// <summary>The phases of the last <see cref="TrainStep"/> (null before the first).</summary>
    public TrainingStepTimings? LastStepTimings { get; private set; }

    /// <summary>Optimizer steps taken so far (restored from checkpoints).</summary>
    public long StepsTaken { get; set; }

    /// <summary>One optimizer step on a batch; returns the loss before the update.</summary>
    /// <param name="images">(B, 3, H, W) in [-1, 1].</param>
    public float TrainStep(Tensor images, IReadOnlyList<string> prompts, Generator generator)
    {
        long batch = images.shape[0];
        if (prompts.Count != batch)
        {
            throw new ArgumentException($"{prompts.Count} prompts for a batch of {batch} images");
        }
        using var scope = NewDisposeScope();
        long started = Stopwatch.GetTimestamp();
        model.Unet.train();
        model.TextEncoder.train(Options.TrainTextEncoder);

        var coins = rand([batch, 2], generator: generator).cpu().data<float>().ToArray();
        var flip = new bool[batch];
        var used = new string[batch];
        for (int i = 0; i < batch; i++)
        {
            flip[i] = Options.RandomFlip && coins[2 * i] < 0.5f;
            used[i] = coins[2 * i + 1] < Options.PromptDropout ? "" : prompts[i];
        }
        var pixels = Options.RandomFlip
            ? where(tensor(flip).view(batch, 1, 1, 1), images.flip(3), images)
            : images;

        var clean = model.EncodeImages(pixels);
        var noise = randn(clean.shape, generator: generator);
        if (Options.NoiseOffset > 0)
        {
            // Offset noise: a constant per image and channel lets the model learn to move an image's mean colour,
            // which epsilon prediction otherwise keeps near the data's average.
            noise = noise + Options.NoiseOffset * randn([batch, clean.shape[1], 1, 1], generator: generator);
        }
        var timesteps = schedule.SampleTrainingTimesteps(batch, generator);
        var noisy = schedule.AddNoise(clean, noise, timesteps);
        var target = schedule.TrainingTarget(clean, noise, timesteps);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = Options.LearningRateAt(StepsTaken);
        }
        double noising = Elapsed(ref started);
        var (loss, textMs, unetMs, backwardMs) = Backward(noisy, timesteps, target, used, ref started);
        double norm = nn.utils.clip_grad_norm_(Trainable, Options.MaxGradNorm);
        if (!double.IsFinite(norm))
        {
            throw new NonFiniteGradientError(StepsTaken, loss.item<float>());
        }
        double clipMs = Elapsed(ref started);
        optimizer.step();
        StepsTaken++;
        Ema?.Update(StepsTaken);
        float value = loss.item<float>();
        LastStepTimings = new TrainingStepTimings(noising, textMs, unetMs, backwardMs, clipMs, Elapsed(ref started));
        return value;
    }

    /// <summary>Milliseconds since <paramref name="since"/>, which moves to now.</summary>
    private static double Elapsed(ref long since)
    {
        long now = Stopwatch.GetTimestamp();
        double ms = Stopwatch.GetElapsedTime(since, now).TotalMilliseconds;
        since = now;
        return ms;
    }

    private (Tensor Loss, double TextMs, double UnetMs, double BackwardMs) Backward(Tensor noisy, Tensor timesteps, Tensor target, IReadOnlyList<string> prompts, ref long started)
    {
        optimizer.zero_grad();
        Tensor context;
        if (Options.TrainTextEncoder)
        {
            context = model.EncodePrompts(prompts);
        }
        else
        {
            using var noGrad = no_grad();
            context = model.EncodePrompts(prompts);
        }
        double textMs = Elapsed(ref started);
        var prediction = model.Unet.call(noisy, timesteps, context);
        var loss = Options.SnrGamma is { } gamma
            ? MinSnrLoss(prediction, target, timesteps, gamma)
            : nn.functional.mse_loss(prediction, target);
        double unetMs = Elapsed(ref started);
        loss.backward();
        return (loss, textMs, unetMs, Elapsed(ref started));
    }

    /// <summary>
    /// Min-SNR-gamma weighted MSE (diffusers' train_text_to_image `--snr_gamma`): each sample's mean squared error
    /// times min(SNR_t, gamma) / SNR_t for epsilon targets, / (SNR_t + 1) for v targets; SNR_t = a_t / (1 - a_t).
    /// </summary>
    private Tensor MinSnrLoss(Tensor prediction, Tensor target, Tensor timesteps, double gamma)
    {
        var a = schedule.AlphaCumprodAt(timesteps, 1, prediction.dtype);
        var snr = a / (1 - a);
        var weights = clamp_max(snr, gamma) / (schedule.Config.PredictionType == "v_prediction" ? snr + 1 : snr);
        var perSample = (prediction - target).square().flatten(1).mean([1]);
        return (perSample * weights).mean();
    }

    public void Dispose()
    {
        optimizer.Dispose();
        Ema?.Dispose();
    }
}
