using System.Globalization;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Models.Vae;
using Toolchain.Diffusion.Weights;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>One computed output compared with the reference: max |ours - reference|, or a shape mismatch.</summary>
public sealed record OutputComparison(string Name, double MaxAbsError, string? Problem, bool WithinTolerance)
{
    public string Describe(double tolerance) => Problem is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Name}: max abs error {MaxAbsError:0.000e+00} ({(WithinTolerance ? "ok" : "FAIL")}, tolerance {tolerance:0.0e+00})")
        : $"{Name}: FAIL ({Problem})";
}

public sealed record WeightCheckResult(string ClassName, double Tolerance, IReadOnlyList<OutputComparison> Outputs)
{
    public bool Passed => Outputs.Count > 0 && Outputs.All(o => o.WithinTolerance);
}

/// <summary>
/// Proves a converted component computes what the reference did: loads a UNet2DConditionModel or
/// AutoencoderKL folder, feeds the <c>in.*</c> tensors of an io.safetensors and compares each <c>out.*</c>.
/// UNet: in.sample, in.timestep, in.encoder_hidden_states -> out.sample. VAE: in.image -> out.latent_mean,
/// out.latent_logvar, out.decoded_from_mean (the decoder applied to the latent mean).
/// </summary>
public static class WeightCheck
{
    public const double DefaultTolerance = 1e-4;

    /// <exception cref="WeightsFormatError">The folder or io file cannot be loaded.</exception>
    public static WeightCheckResult Run(string componentFolder, string ioPath, double tolerance = DefaultTolerance)
    {
        string className = DiffusersComponent.ReadClassName(componentFolder);
        using var io = SafetensorsFile.Open(ioPath);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var computed = className switch
        {
            UNet2DConditionConfig.ClassName => RunUnet(DiffusersComponent.LoadUnet(componentFolder), io),
            AutoencoderKLConfig.ClassName => RunVae(DiffusersComponent.LoadVae(componentFolder), io),
            _ => throw new WeightsFormatError($"{Path.Combine(componentFolder, DiffusersComponent.ConfigFileName)}: _class_name {className} is not checkable (supported: {UNet2DConditionConfig.ClassName}, {AutoencoderKLConfig.ClassName})"),
        };
        var outputs = computed.Select(pair => Compare(pair.Key, pair.Value, Required(io, pair.Key), tolerance)).ToList();
        return new WeightCheckResult(className, tolerance, outputs);
    }

    private static List<KeyValuePair<string, Tensor>> RunUnet(UNet2DConditionModel unet, SafetensorsFile io)
    {
        unet.eval();
        var sample = Required(io, "in.sample").to_type(ScalarType.Float32);
        var timestep = Required(io, "in.timestep");
        var context = Required(io, "in.encoder_hidden_states").to_type(ScalarType.Float32);
        return [new("out.sample", unet.forward(sample, timestep, context))];
    }

    private static List<KeyValuePair<string, Tensor>> RunVae(AutoencoderKL vae, SafetensorsFile io)
    {
        vae.eval();
        var image = Required(io, "in.image").to_type(ScalarType.Float32);
        var posterior = vae.Encode(image);
        return
        [
            new("out.latent_mean", posterior.Mean),
            new("out.latent_logvar", posterior.LogVar),
            new("out.decoded_from_mean", vae.Decode(posterior.Mean)),
        ];
    }

    private static Tensor Required(SafetensorsFile io, string name) =>
        io.Contains(name) ? io.Read(name) : throw new WeightsFormatError($"{io.Path}: tensor '{name}' is required (present: {string.Join(", ", io.Names)})");

    private static OutputComparison Compare(string name, Tensor ours, Tensor reference, double tolerance)
    {
        if (!ours.shape.SequenceEqual(reference.shape))
        {
            return new OutputComparison(name, double.PositiveInfinity,
                $"shape [{string.Join(", ", ours.shape)}] differs from the reference [{string.Join(", ", reference.shape)}]", false);
        }
        double error = (ours.to_type(ScalarType.Float64) - reference.to_type(ScalarType.Float64)).abs().max().item<double>();
        // NaN compares false, so a NaN output fails.
        return new OutputComparison(name, error, null, error <= tolerance);
    }
}
