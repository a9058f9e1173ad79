using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Core;
using Toolchain.Diffusion.Benchmarks;
using Toolchain.Specs.Loading;
using Toolchain.Stages.FineTune;

namespace Toolchain.Cli.Commands;

/// <summary>
/// `toolchain bench unet [--model <unet folder>] [--batch N] [--resolution N]`: prints forward and training-step
/// timings, FLOP throughput against the in-process GEMM peak, per-module-type time and optionally memory growth, as JSON.
/// `toolchain bench finetune [--spec <file>]`: FineTune's whole training step (text encoder and UNet) on the spec's
/// model from scratch, per phase, and training images per second.
/// </summary>
public sealed class BenchCommand : Command<BenchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<target>")]
        [Description("What to benchmark: unet (one UNet, forward and training step) or finetune (the spec's FineTune training step: text encoder, UNet, optimizer).")]
        public string Target { get; init; } = "";

        [CommandOption("--model <FOLDER>")]
        [Description("A diffusers unet/ folder (default: the built-in TinyCpu preset, randomly initialised).")]
        public string? Model { get; init; }

        [CommandOption("--spec <FILE>")]
        [Description("finetune: the dataset spec whose model, batch size and training options are timed (default dataset-specs/demo.yaml).")]
        public string Spec { get; init; } = "dataset-specs/demo.yaml";

        [CommandOption("--batch <N>")]
        [Description("unet: images per step (default 32); finetune uses the spec's batch_size.")]
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
        if (settings.Target is not ("unet" or "finetune"))
        {
            throw new ToolchainError($"bench: unknown target '{settings.Target}' (supported: unet, finetune)", exitCode: 2);
        }
        if (settings.Batch < 1 || settings.Resolution < 1 || settings.Tokens < 1 || settings.Threads < 1 || settings.Iterations < 1 || settings.MemorySteps < 0)
        {
            throw new ToolchainError("bench: --batch, --resolution, --tokens, --threads and --iterations must be positive, --memory-steps non-negative", exitCode: 2);
        }
        if (settings.Target == "finetune")
        {
            var finetune = FineTuneBenchmark.Run(SpecLoader.Load(settings.Spec), settings.Iterations, settings.MemorySteps);
            Console.WriteLine(finetune.ToJson());
            return 0;
        }
        var result = UnetBenchmark.Run(new UnetBenchmarkOptions(
            settings.Model, settings.Batch, settings.Resolution, settings.Tokens, settings.Threads,
            Iterations: settings.Iterations, MemorySteps: settings.MemorySteps));
        Console.WriteLine(result.ToJson());
        return 0;
    }
}
