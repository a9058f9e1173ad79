using Spectre.Console.Cli;
using Toolchain.Cli;
using Toolchain.Cli.Commands;
using Toolchain.Core;

// Before anything loads libtorch: both are read once, when libtorch (or its MKL) first needs them.
OpenMpWaitPolicy.PreferPassive();
CpuCodePath.Pin();

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("toolchain");
    config.PropagateExceptions();
    config.UseStrictParsing();
    config.AddCommand<RunCommand>("run").WithDescription("Run a spec's pipeline (or up to --until) through the stage cache.");
    config.AddCommand<StatusCommand>("status").WithDescription("For each stage: cached, or why it will run.");
    config.AddCommand<ValidateCommand>("validate").WithDescription("Validate a dataset spec and its pipeline.");
    config.AddCommand<SchemaCommand>("schema").WithDescription("Print the spec reference generated from the schema.");
    config.AddCommand<GcCommand>("gc").WithDescription("Remove cache entries no lock file references.");
    config.AddCommand<AuditCommand>("audit").WithDescription("Rebuild a release from its own spec in a fresh cache and compare every stage byte for byte.");
    config.AddCommand<VerifyCommand>("verify").WithDescription("Check a folder against its manifest.");
    config.AddCommand<PromptsCommand>("prompts").WithDescription("List every prompt and subgroup with real-image counts per split and its quota.");
    config.AddCommand<ImportCommand>("import").WithDescription("Convert a public dermatology dataset into the canonical layout (PNG + metadata.csv).");
    config.AddCommand<TokenizeCommand>("tokenize").WithDescription("Print a prompt's CLIP token ids as a JSON array.");
    config.AddCommand<EnvironmentCommand>("env").WithDescription("Print the environment fingerprint that enters every stage's cache key.");
    config.AddCommand<CheckWeightsCommand>("check-weights").WithDescription("Run a UNet or VAE folder on reference inputs and compare its outputs (exit 0 pass, 1 fail, 2 cannot load).");
    config.AddCommand<CompareRlCommand>("compare-rl").WithDescription("Compare RL settings: run each arm up to refine and measure the judge APR after its epochs (samples to reach the reference arm's final APR).");
    config.AddCommand<RlProfileCommand>("rl-profile").WithDescription("Profile refine's policy gradient per DDIM step on the FineTune model (which steps decide the update, and whether they carry signal), before spending RL samples.");
    config.AddCommand<BenchCommand>("bench").WithDescription("Benchmark the UNet: forward and training-step time, GFLOP/s against the GEMM peak, memory growth (JSON).");
});
return CliHost.Run(app, args);
