using Toolchain.Core;

namespace Toolchain.Rl.Training;

/// <summary>
/// A reward, loss or gradient norm became NaN or infinite. Training stops at once; the epoch that
/// raised it is not complete, so the last good checkpoint is the previous epoch's.
/// </summary>
public sealed class NonFiniteTrainingError(int epoch, string what)
    : ToolchainError($"refine stopped in epoch {epoch}: {what}; the last complete epoch's checkpoint is kept", exitCode: 1)
{
    public int Epoch { get; } = epoch;

    public string What { get; } = what;
}
