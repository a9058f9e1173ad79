using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Core;
using Toolchain.Data.Imaging;
using Toolchain.Data.Importers;
using Toolchain.Data.Splits;

namespace Toolchain.Cli.Commands;

/// <summary>
/// <c>toolchain import</c>: converts a public dataset layout into the canonical layout (PNG images +
/// metadata.csv with file_name) and prints the import summary. Exit 0; 1 when data problems stop the import
/// (all listed); 2 for bad arguments.
/// </summary>
public sealed class ImportCommand : Command<ImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--format <FORMAT>")]
        [Description("isic2019-rl4med, isic2019, ham10000, fitzpatrick17k, ddi, dermamnist, csv or imagefolder")]
        public string? Format { get; init; }

        [CommandOption("--source <PATH>")]
        [Description("The dataset folder, or its CSV / .npz file")]
        public string? Source { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder (must not exist or be empty)")]
        public string? Out { get; init; }

        [CommandOption("--images <DIR>")]
        [Description("Images folder, when not where the format's public layout puts them")]
        public string? Images { get; init; }

        [CommandOption("--on-bad-rows <POLICY>")]
        [Description("fail (default: list every problem, write nothing) or skip (import good rows, write skipped.csv)")]
        public string OnBadRows { get; init; } = "fail";

        [CommandOption("--resolution <N>")]
        [Description("Square output size in pixels (default 512)")]
        public int Resolution { get; init; } = 512;

        [CommandOption("--resize <MODE>")]
        [Description("center-crop (default) or pad (black)")]
        public string Resize { get; init; } = ResizeModeNames.CenterCrop;

        [CommandOption("--seed <N>")]
        [Description("Seed of the split assignment (default 0)")]
        public ulong Seed { get; init; }

        [CommandOption("--map <FIELD=COLUMN>")]
        [Description("Column mapping for --format csv, repeatable: --map image=file --map diagnosis=dx")]
        public string[] Map { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var request = ToRequest(settings);
        var (dataset, summary) = ImportRunner.Run(request);
        Console.Write(summary.Render());
        Console.WriteLine($"written: {dataset.Folder}");
        return 0;
    }

    /// <summary>Checks the arguments (all problems at once, exit 2) and builds the import request.</summary>
    public static ImportRequest ToRequest(Settings settings)
    {
        var errors = new List<string>();
        if (settings.Format is null)
        {
            errors.Add("--format is required");
        }
        else if (!ImporterRegistry.Formats.Contains(settings.Format))
        {
            errors.Add($"--format '{settings.Format}' is not one of {string.Join(", ", ImporterRegistry.Formats)}");
        }
        if (settings.Source is null)
        {
            errors.Add("--source is required");
        }
        if (settings.Out is null)
        {
            errors.Add("--out is required");
        }
        if (!BadRowPolicyNames.TryParse(settings.OnBadRows, out var policy))
        {
            errors.Add($"--on-bad-rows '{settings.OnBadRows}' is not fail or skip");
        }
        if (!ResizeModeNames.TryParse(settings.Resize, out var mode))
        {
            errors.Add($"--resize '{settings.Resize}' is not {ResizeModeNames.CenterCrop} or {ResizeModeNames.Pad}");
        }
        if (settings.Resolution is < 8 or > 4096)
        {
            errors.Add($"--resolution {settings.Resolution} is outside 8-4096");
        }
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in settings.Map)
        {
            var parts = entry.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0 || !mapping.TryAdd(parts[0], parts[1]))
            {
                errors.Add($"--map '{entry}' is not a new FIELD=COLUMN pair");
            }
        }
        if (mapping.Count > 0 && settings.Format != GenericCsvImporter.Name)
        {
            errors.Add("--map only applies to --format csv");
        }
        if (errors.Count > 0)
        {
            throw new ToolchainError("invalid arguments:\n  " + string.Join("\n  ", errors), 2);
        }
        return new ImportRequest
        {
            Format = settings.Format!,
            Source = settings.Source!,
            Output = settings.Out!,
            Images = settings.Images,
            OnBadRows = policy,
            Resolution = settings.Resolution,
            Resize = mode,
            Splits = SplitSettings.Default with { Seed = settings.Seed },
            ColumnMapping = mapping,
        };
    }
}
