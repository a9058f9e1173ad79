using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>
/// HF CLIPTextModel's outputs: <see cref="LastHiddenState"/> (B, L, D) after the final layer norm (what Stable
/// Diffusion feeds to the UNet's cross-attention) and <see cref="PooledOutput"/> (B, D) at the end token.
/// </summary>
public sealed class ClipTextOutput : IDisposable
{
    public ClipTextOutput(Tensor lastHiddenState, Tensor pooledOutput)
    {
        LastHiddenState = lastHiddenState;
        PooledOutput = pooledOutput;
    }

    public Tensor LastHiddenState { get; }

    public Tensor PooledOutput { get; }

    public void Dispose()
    {
        LastHiddenState.Dispose();
        PooledOutput.Dispose();
    }
}
