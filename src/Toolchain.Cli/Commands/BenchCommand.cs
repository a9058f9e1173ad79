using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Core;
using Toolchain.Diffusion.Benchmarks;

namespace Toolchain.Cli.Commands;

/// <summary>
/// `toolchain bench unet [--model <unet folder>] [--batch N] [--resolution N]`: prints forward and training-step
/// timings, FLOP throughput against the in-process GEMM peak, per-module-type time and optionally memory growth, as JSON.
/// </summary>
public sealed class BenchCommand : Command<BenchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<target>")]
        [Description("What to benchmark: unet.")]
        public string Target { get; init; } = "";

        [CommandOption("--model <FOLDER>")]
        [Description("A diffusers unet/ folder (default: the built-in TinyCpu preset, randomly initialised).")]
        public string? Model { get; init; }

        [CommandOption("--batch <N>")]
        [Description("Images per forward pass (default 32).")]
        public int Batch { get; init; } = 32;

        [CommandOption("--resolution <N>")]
        [Description("Input height and width as the UNet sees them (default 32).")]
        public int Resolution { get; init; } = 32;

        [CommandOption("--tokens <N>")]
        [Description("Text tokens for cross-attention (default 77).")]
        public int Tokens { get; init; } = 77;

        [CommandOption("--threads <N>")]
        [Description("Torch threads (default 2).")]
        public int Threads { get; init; } = 2;

        [CommandOption("--iterations <N>")]
        [Description("Timed iterations after 2 warm-up ones (median reported).")]
        public int Iterations { get; init; } = 10;

        [CommandOption("--memory-steps <N>")]
        [Description("Also run N training and N sampling steps after a warm-up and report resident-memory growth (0 = skip).")]
        public int MemorySteps { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Target != "unet")
        {
            throw new ToolchainError($"bench: unknown target '{settings.Target}' (supported: unet)", exitCode: 2);
        }
        if (settings.Batch < 1 || settings.Resolution < 1 || settings.Tokens < 1 || settings.Threads < 1 || settings.Iterations < 1 || settings.MemorySteps < 0)
        {
            throw new ToolchainError("bench: --batch, --resolution, --tokens, --threads and --iterations must be positive, --memory-steps non-negative", exitCode: 2);
        }
        var result = UnetBenchmark.Run(new UnetBenchmarkOptions(
            settings.Model, settings.Batch, settings.Resolution, settings.Tokens, settings.Threads,
            Iterations: settings.Iterations, MemorySteps: settings.MemorySteps));
        Console.WriteLine(result.ToJson());
        return 0;
    }
}
