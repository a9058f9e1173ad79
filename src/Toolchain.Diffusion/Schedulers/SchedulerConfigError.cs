using Toolchain.Core;

namespace Toolchain.Diffusion.Schedulers;

/// <summary>A scheduler_config.json (or scheduler settings) that is malformed or asks for something unsupported.</summary>
public sealed class SchedulerConfigError(string message) : ToolchainError(message, exitCode: 2);
