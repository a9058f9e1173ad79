using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Specs.Docs;

namespace Toolchain.Cli.Commands;

/// <summary>Prints (or writes) the spec reference generated from the schema in code.</summary>
public sealed class SchemaCommand : Command<SchemaCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Write the Markdown reference here instead of printing it (docs/spec-reference.md).")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var markdown = SchemaMarkdown.Render();
        if (settings.Out is null)
        {
            Console.Write(markdown);
        }
        else
        {
            File.WriteAllText(settings.Out, markdown);
            Console.WriteLine($"wrote {settings.Out}");
        }
        return 0;
    }
}
