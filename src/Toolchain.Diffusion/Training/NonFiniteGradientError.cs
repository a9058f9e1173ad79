using System.Globalization;
using Toolchain.Core;

namespace Toolchain.Diffusion.Training;

/// <summary>Training diverged: the gradient norm is not finite even after recomputing the step.</summary>
public sealed class NonFiniteGradientError(long step, float loss) : ToolchainError(
    string.Create(CultureInfo.InvariantCulture, $"training diverged at optimizer step {step + 1}: the gradient norm is not finite (loss {loss}); lower the learning rate or add warm-up steps"),
    exitCode: 1);
