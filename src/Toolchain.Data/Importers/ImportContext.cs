using Toolchain.Core;

namespace Toolchain.Data.Importers;

/// <summary>
/// What an importer needs to know about the source: the path the user gave (a folder or a file), the folder
/// that paths are reported relative to, an explicit images folder if any, the generic column mapping, and the
/// problem log.
/// </summary>
public sealed class ImportContext
{
    public ImportContext(string source, string? imagesFolder, IReadOnlyDictionary<string, string>? columnMapping, ProblemLog problems)
    {
        SourcePath = Path.GetFullPath(source);
        if (Directory.Exists(SourcePath))
        {
            RootFolder = SourcePath;
        }
        else if (File.Exists(SourcePath))
        {
            RootFolder = Path.GetDirectoryName(SourcePath)!;
        }
        else
        {
            throw new ToolchainError($"source '{source}' does not exist", 2);
        }
        if (imagesFolder is not null)
        {
            ImagesFolder = Path.GetFullPath(imagesFolder);
            if (!Directory.Exists(ImagesFolder))
            {
                throw new ToolchainError($"images folder '{imagesFolder}' does not exist", 2);
            }
        }
        ColumnMapping = columnMapping ?? new Dictionary<string, string>();
        Problems = problems;
    }

    public string SourcePath { get; }
    public string RootFolder { get; }
    public string? ImagesFolder { get; }
    public IReadOnlyDictionary<string, string> ColumnMapping { get; }
    public ProblemLog Problems { get; }

    public bool SourceIsFile => File.Exists(SourcePath);

    /// <summary>A path as reports show it: relative to the source folder, forward slashes.</summary>
    public string Display(string path)
    {
        var relative = Path.GetRelativePath(RootFolder, path);
        return relative == "." ? "" : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// The metadata file: the source itself when it is a file, else <paramref name="expectedName"/> in the
    /// source folder (or, when <paramref name="expectedName"/> is null, the folder's only file with <paramref name="extension"/>).
    /// </summary>
    public string ResolveFile(string? expectedName, string extension, string format)
    {
        if (SourceIsFile)
        {
            return SourcePath;
        }
        if (expectedName is not null)
        {
            var path = Path.Combine(RootFolder, expectedName);
            return File.Exists(path)
                ? path
                : throw new ToolchainError($"{format}: no {expectedName} in '{SourcePath}'; pass the folder that holds it or the file itself as --source", 2);
        }
        var files = Directory.GetFiles(RootFolder, "*" + extension).Order(StringComparer.Ordinal).ToList();
        return files.Count switch
        {
            1 => files[0],
            0 => throw new ToolchainError($"{format}: no {extension} file in '{SourcePath}'", 2),
            _ => throw new ToolchainError($"{format}: several {extension} files in '{SourcePath}' ({string.Join(", ", files.Select(Path.GetFileName))}); pass one as --source", 2),
        };
    }

    /// <summary>
    /// Image search path: the explicit --images folder alone when given, else the format's public layout
    /// folders (relative to the source folder) that exist, in order.
    /// </summary>
    public ImageLocator Images(IReadOnlyList<string> layoutFolders, IReadOnlyList<string> extensions)
    {
        var folders = ImagesFolder is not null
            ? [ImagesFolder]
            : layoutFolders.Select(f => f.Length == 0 ? RootFolder : Path.Combine(RootFolder, f)).Where(Directory.Exists).ToList();
        if (folders.Count == 0)
        {
            folders.Add(RootFolder);
        }
        return new ImageLocator(folders, extensions, Display);
    }
}
