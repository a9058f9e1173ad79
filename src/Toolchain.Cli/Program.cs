using Spectre.Console.Cli;
using Toolchain.Cli;
using Toolchain.Cli.Commands;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("toolchain");
    config.PropagateExceptions();
    config.UseStrictParsing();
    config.AddCommand<TokenizeCommand>("tokenize").WithDescription("Print a prompt's CLIP token ids as a JSON array.");
    config.AddCommand<EnvironmentCommand>("env").WithDescription("Print the environment fingerprint that enters every stage's cache key.");
});
return CliHost.Run(app, args);
