using System.Text;
using Spectre.Console;

namespace Toolchain.Cli;

/// <summary>A TextWriter that writes lines through Spectre.Console, so log lines and a live progress bar do not garble each other.</summary>
public sealed class AnsiConsoleWriter : TextWriter
{
    private readonly StringBuilder pending = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            AnsiConsole.WriteLine(pending.ToString());
            pending.Clear();
        }
        else if (value != '\r')
        {
            pending.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        pending.Append(value);
        AnsiConsole.WriteLine(pending.ToString());
        pending.Clear();
    }
}
