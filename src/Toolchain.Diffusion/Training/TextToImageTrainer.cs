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
        foreach (var p in model.TextEncoder.parameters())
        {
            p.requires_grad = options.TrainTextEncoder;
        }
        if (options.TrainTextEncoder)
        {
            trainable.AddRange(model.TextEncoder.parameters());
        }
        Trainable = trainable;
        optimizer = optim.AdamW(trainable, lr: options.LearningRate, weight_decay: options.WeightDecay);
    }

    public DiffusionTrainingOptions Options { get; }

    /// <summary>The parameters the optimizer updates, in a fixed order (checkpoints rely on it).</summary>
    public IReadOnlyList<Parameter> Trainable { get; }

    public AdamW Optimizer => optimizer;

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
        var timesteps = schedule.SampleTrainingTimesteps(batch, generator);
        var noisy = schedule.AddNoise(clean, noise, timesteps);
        var target = schedule.TrainingTarget(clean, noise, timesteps);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = Options.LearningRateAt(StepsTaken);
        }
        var loss = Backward(noisy, timesteps, target, used);
        double norm = nn.utils.clip_grad_norm_(Trainable, Options.MaxGradNorm);
        if (!double.IsFinite(norm))
        {
            throw new NonFiniteGradientError(StepsTaken, loss.item<float>());
        }
        optimizer.step();
        StepsTaken++;
        return loss.item<float>();
    }

    private Tensor Backward(Tensor noisy, Tensor timesteps, Tensor target, IReadOnlyList<string> prompts)
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
        var prediction = model.Unet.call(noisy, timesteps, context);
        var loss = nn.functional.mse_loss(prediction, target);
        loss.backward();
        return loss;
    }

    public void Dispose() => optimizer.Dispose();
}
