using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Diffusion.Runtime;

namespace Toolchain.Cli.Commands;

public sealed class EnvironmentCommand : Command<EnvironmentCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--threads <N>")]
        [Description("Torch threads to configure before reading the environment (default 2).")]
        public int Threads { get; init; } = 2;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var env = EngineEnvironment.Configure(settings.Threads);
        foreach (var (key, value) in env.ToDictionary())
        {
            Console.WriteLine($"{key}: {value}");
        }
        return 0;
    }
}
