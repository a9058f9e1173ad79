using System.ComponentModel;
using Spectre.Console.Cli;
using Toolchain.Core;
using Toolchain.Pipeline.Manifests;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Release;

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
        if (settings.Manifest is null && File.Exists(Path.Combine(settings.Folder, ReleaseLayout.StageManifest(StageCatalog.Filter))))
        {
            // A release: its own manifest, and that its images are the filter output it records.
            var problems = ReleaseIntegrity.Problems(settings.Folder);
            if (problems.Count == 0)
            {
                Console.WriteLine($"{settings.Folder}: all files match the manifest and every image matches the filter output it records");
                return 0;
            }
            Console.WriteLine($"{settings.Folder}: cannot be trusted");
            foreach (var problem in problems) Console.WriteLine(problem);
            return 1;
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
