using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Core;
using Toolchain.Pipeline.Manifests;

namespace Toolchain.Cli.Commands;

/// <summary>Checks every file of a folder (a release, a cache entry's outputs) against its manifest.</summary>
public sealed class VerifyCommand : Command<VerifyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FOLDER>")]
        [Description("A release folder (holding a 'manifest' file) or any folder with --manifest.")]
        public string Folder { get; init; } = "";

        [CommandOption("--manifest <FILE>")]
        [Description("Manifest to check against (default: <FOLDER>/manifest).")]
        public string? Manifest { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Folder))
        {
            throw new ToolchainError($"{settings.Folder}: folder not found", exitCode: 2);
        }
        var manifestPath = settings.Manifest ?? Path.Combine(settings.Folder, "manifest");
        if (!File.Exists(manifestPath))
        {
            throw new ToolchainError($"{manifestPath}: manifest not found", exitCode: 2);
        }
        var manifest = Pipeline.Manifests.Manifest.Read(manifestPath);
        var full = Path.GetFullPath(manifestPath);
        // The manifest does not list itself.
        var result = manifest.Verify(settings.Folder, relative => Path.GetFullPath(Path.Combine(settings.Folder, relative)) == full);
        if (result.IsValid)
        {
            Console.WriteLine($"{settings.Folder}: all {manifest.Entries.Count} files match the manifest");
            return 0;
        }
        Console.WriteLine($"{settings.Folder}: does not match its manifest");
        Console.WriteLine(result.Describe());
        return 1;
    }
}
