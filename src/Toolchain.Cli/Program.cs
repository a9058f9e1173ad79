using Spectre.Console.Cli;
using Toolchain.Cli;
using Toolchain.Cli.Commands;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("toolchain");
    config.PropagateExceptions();
    config.UseStrictParsing();
    config.AddCommand<EnvironmentCommand>("env").WithDescription("Print the environment fingerprint that enters every stage's cache key.");
    config.AddCommand<CheckWeightsCommand>("check-weights").WithDescription("Run a UNet or VAE folder on reference inputs and compare its outputs (exit 0 pass, 1 fail, 2 cannot load).");
    config.AddCommand<BenchCommand>("bench").WithDescription("Benchmark the UNet: forward and training-step time, GFLOP/s against the GEMM peak, memory growth (JSON).");
});
return CliHost.Run(app, args);
