using static TorchSharp.torch;

namespace Toolchain.Vision.Lpips;

/// <summary>LPIPS v0.1's input normalisation: (x - shift) / scale per channel, constants of the <c>lpips</c> package.</summary>
public sealed class LpipsScaling : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly Tensor shift;
    private readonly Tensor scale;
#pragma warning restore IDE1006

    public LpipsScaling() : base(nameof(LpipsScaling))
    {
        shift = tensor(new float[] { -0.030f, -0.088f, -0.188f }).reshape(1, 3, 1, 1);
        scale = tensor(new float[] { 0.458f, 0.448f, 0.450f }).reshape(1, 3, 1, 1);
        register_buffer(nameof(shift), shift);
        register_buffer(nameof(scale), scale);
    }

    public override Tensor forward(Tensor input) => (input - shift) / scale;
}
