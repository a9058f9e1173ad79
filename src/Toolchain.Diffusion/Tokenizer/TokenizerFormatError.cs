using Toolchain.Core;

namespace Toolchain.Diffusion.Tokenizer;

/// <summary>A tokenizer folder (vocab.json, merges.txt, configs) that is missing or malformed.</summary>
public sealed class TokenizerFormatError(string message) : ToolchainError(message, exitCode: 2);
