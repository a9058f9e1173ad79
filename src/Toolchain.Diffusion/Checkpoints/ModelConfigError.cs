using Toolchain.Core;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>A model config.json that is malformed or asks for something this engine does not implement.</summary>
public sealed class ModelConfigError(string message) : ToolchainError(message, exitCode: 2);
