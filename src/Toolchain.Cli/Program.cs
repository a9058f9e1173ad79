using Spectre.Console.Cli;
using Toolchain.Cli;
using Toolchain.Cli.Commands;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("toolchain");
    config.PropagateExceptions();
    config.UseStrictParsing();
    config.AddCommand<ImportCommand>("import").WithDescription("Convert a public dermatology dataset into the canonical layout (PNG + metadata.csv).");
    config.AddCommand<EnvironmentCommand>("env").WithDescription("Print the environment fingerprint that enters every stage's cache key.");
});
return CliHost.Run(app, args);
