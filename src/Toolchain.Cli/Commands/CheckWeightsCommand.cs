using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Core;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Runtime;

namespace Toolchain.Cli.Commands;

/// <summary>
/// `toolchain check-weights <component folder> --io <io.safetensors>`: runs a converted UNet or VAE on
/// reference inputs and compares every output. Exit 0 all within tolerance, 1 not, 2 cannot load.
/// </summary>
public sealed class CheckWeightsCommand : Command<CheckWeightsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<folder>")]
        [Description("Component folder with config.json and diffusion_pytorch_model.safetensors (e.g. a checkpoint's unet/ or vae/).")]
        public string Folder { get; init; } = "";

        [CommandOption("--io <FILE>")]
        [Description("Reference inputs and outputs (in.* / out.* tensors) in safetensors format.")]
        public string? Io { get; init; }

        [CommandOption("--tolerance <ABS>")]
        [Description("Largest accepted absolute difference per element (default 1e-4).")]
        public double Tolerance { get; init; } = WeightCheck.DefaultTolerance;

        [CommandOption("--threads <N>")]
        [Description("Intra-op threads (default 2).")]
        public int Threads { get; init; } = 2;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Io))
        {
            throw new ToolchainError("check-weights: --io <io.safetensors> is required", exitCode: 2);
        }
        if (!(settings.Tolerance >= 0))
        {
            throw new ToolchainError("check-weights: --tolerance must be a non-negative number", exitCode: 2);
        }
        EngineEnvironment.Configure(settings.Threads);
        var result = WeightCheck.Run(settings.Folder, settings.Io, settings.Tolerance);
        Console.WriteLine($"{result.ClassName}: {settings.Folder}");
        foreach (var output in result.Outputs)
        {
            Console.WriteLine("  " + output.Describe(result.Tolerance));
        }
        Console.WriteLine(result.Passed ? "PASS" : "FAIL");
        return result.Passed ? 0 : 1;
    }
}
