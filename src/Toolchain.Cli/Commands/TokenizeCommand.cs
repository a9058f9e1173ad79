using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Core;
using Toolchain.Diffusion.Tokenizer;

namespace Toolchain.Cli.Commands;

/// <summary>Prints a prompt's CLIP token ids (start and end included, unpadded) as a JSON array.</summary>
public sealed class TokenizeCommand : Command<TokenizeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<text>")]
        [Description("Prompt to tokenize.")]
        public string Text { get; init; } = "";

        [CommandOption("--tokenizer <DIR>")]
        [Description("Tokenizer folder holding vocab.json and merges.txt (a checkpoint's tokenizer/).")]
        public string? Tokenizer { get; init; }

        [CommandOption("--max-length <N>")]
        [Description("Truncate to this many ids, the end token kept last (default 77).")]
        public int MaxLength { get; init; } = 77;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Tokenizer))
        {
            throw new ToolchainError("tokenize: --tokenizer <DIR> is required", exitCode: 2);
        }
        if (settings.MaxLength < 2)
        {
            throw new ToolchainError($"tokenize: --max-length must be at least 2 (start and end tokens), got {settings.MaxLength}", exitCode: 2);
        }
        var tokenizer = ClipTokenizer.FromFolder(settings.Tokenizer);
        var ids = tokenizer.Encode(settings.Text, settings.MaxLength);
        Console.WriteLine("[" + string.Join(", ", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]");
        return 0;
    }
}
