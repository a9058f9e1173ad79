using Spectre.Console.Cli;
using Toolchain.Cli;
using Toolchain.Cli.Commands;
using Toolchain.Core;

// Before anything loads libtorch: both are read once, when libtorch (or its MKL) first needs them.
OpenMpWaitPolicy.PreferPassive();
CpuCodePath.Pin();

// Before the command app, which knows no --version of its own that could name libtorch.
if (args is ["--version"])
{
    Console.Write(VersionText.Describe());
    return 0;
}

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("toolchain");
    config.PropagateExceptions();
    config.UseStrictParsing();
    config.AddCommand<RunCommand>("run").WithDescription("Run a spec's pipeline (or up to --until) through the stage cache.").WithExample("run", "--spec", "dataset-specs/ci.yaml", "--until", "filter");
    config.AddCommand<StatusCommand>("status").WithDescription("For each stage: cached, or why it will run.").WithExample("status", "--spec", "dataset-specs/ci.yaml");
    config.AddCommand<ValidateCommand>("validate").WithDescription("Validate a dataset spec and its pipeline.").WithExample("validate", "dataset-specs/isic2019-rl4med.yaml");
    config.AddCommand<SchemaCommand>("schema").WithDescription("Print the spec reference generated from the schema.").WithExample("schema", "--out", "docs/spec-reference.md");
    config.AddCommand<GcCommand>("gc").WithDescription("Remove cache entries no lock file references.").WithExample("gc", "--dry-run");
    config.AddCommand<AuditCommand>("audit").WithDescription("Rebuild a release from its own spec in a fresh cache and compare every stage byte for byte.").WithExample("audit", "releases/ci/0.1.0");
    config.AddCommand<VerifyCommand>("verify").WithDescription("Check a folder against its manifest.").WithExample("verify", "releases/ci/0.1.0");
    config.AddCommand<PromptsCommand>("prompts").WithDescription("List every prompt and subgroup with real-image counts per split and its quota (runs Prepare through the cache when needed, and records it in the spec's lock file like run).").WithExample("prompts", "--spec", "dataset-specs/ci.yaml");
    config.AddCommand<ImportCommand>("import").WithDescription("Convert a public dermatology dataset into the canonical layout (PNG + metadata.csv).").WithExample("import", "--format", "imagefolder", "--source", "releases/ci/0.1.0", "--out", "/tmp/ci-release", "--resolution", "32");
    config.AddCommand<TokenizeCommand>("tokenize").WithDescription("Print a prompt's CLIP token ids as a JSON array.").WithExample("tokenize", "\"a dermoscopic image with melanoma (MEL) showing ink\"");
    config.AddCommand<EnvironmentCommand>("env").WithDescription("Print the environment fingerprint that enters every stage's cache key.").WithExample("env");
    config.AddCommand<CheckWeightsCommand>("check-weights").WithDescription("Run a UNet or VAE folder on reference inputs and compare its outputs (exit 0 pass, 1 fail, 2 cannot load).").WithExample("check-weights", "/models/sd15/unet");
    config.AddCommand<CompareRlCommand>("compare-rl").WithDescription("Compare RL settings: run each arm up to refine and measure the judge APR after its epochs (samples to reach the reference arm's final APR).").WithExample("compare-rl", "experiments/rl-options.yaml");
    config.AddCommand<RlProfileCommand>("rl-profile").WithDescription("Profile refine's policy gradient per DDIM step on the FineTune model (which steps decide the update, and whether they carry signal), before spending RL samples.").WithExample("rl-profile", "--spec", "dataset-specs/ci.yaml");
    config.AddCommand<BenchCommand>("bench").WithDescription("Benchmark the UNet: forward and training-step time, GFLOP/s against the GEMM peak, memory growth (JSON).").WithExample("bench", "--batch", "8");
});
return CliHost.Run(app, args);
