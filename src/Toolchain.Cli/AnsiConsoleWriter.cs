using System.Text;
using Spectre.Console;

namespace Toolchain.Cli;

/// <summary>
/// A TextWriter that writes lines through Spectre.Console on a terminal, so log lines and a live progress bar do
/// not garble each other; redirected to a file or CI, it writes plain lines, which Spectre would wrap at the 80
/// columns it assumes without a terminal.
/// </summary>
public sealed class AnsiConsoleWriter : TextWriter
{
    private readonly StringBuilder pending = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            Emit(pending.ToString());
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
        Emit(pending.ToString());
        pending.Clear();
    }

    private static void Emit(string line)
    {
        if (Console.IsOutputRedirected) Console.Out.WriteLine(line);
        else AnsiConsole.WriteLine(line);
    }
}
