using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Vae;

/// <summary>
/// diffusers 0.25 <c>AutoencoderKL</c>: encoder -> quant_conv -> Gaussian posterior; post_quant_conv -> decoder.
/// Scaling latents by <see cref="AutoencoderKLConfig.ScalingFactor"/> is left to the caller, as in diffusers.
/// </summary>
public sealed class AutoencoderKL : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly Encoder encoder;
    public readonly Decoder decoder;
    public readonly Conv2d quant_conv;
    public readonly Conv2d post_quant_conv;
#pragma warning restore IDE1006

    public AutoencoderKL(AutoencoderKLConfig config, Generator generator)
        : base(nameof(AutoencoderKL))
    {
        config.Validate();
        Config = config;
        encoder = new Encoder(generator, config);
        decoder = new Decoder(generator, config);
        quant_conv = Blocks.LayerFactory.Conv2d(generator, 2 * config.LatentChannels, 2 * config.LatentChannels, 1);
        post_quant_conv = Blocks.LayerFactory.Conv2d(generator, config.LatentChannels, config.LatentChannels, 1);
        RegisterComponents();
    }

    public AutoencoderKLConfig Config { get; }

    /// <summary>Image (B, C, H, W) in [-1, 1] to the latent posterior.</summary>
    public DiagonalGaussianDistribution Encode(Tensor image) => new(quant_conv.call(encoder.call(image)));

    /// <summary>Unscaled latents to an image in roughly [-1, 1].</summary>
    public Tensor Decode(Tensor latents) => decoder.call(post_quant_conv.call(latents));

    /// <summary>Reconstruction through the posterior mean (deterministic).</summary>
    public override Tensor forward(Tensor image) => Decode(Encode(image).Mean);
}
