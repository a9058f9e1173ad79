using Toolchain.Core;

namespace Toolchain.Diffusion.Weights;

/// <summary>A weights file or checkpoint folder that cannot be loaded as it stands.</summary>
public sealed class WeightsFormatError(string message) : ToolchainError(message, exitCode: 2);
