using System.Text;
using Toolchain.Core;

namespace Toolchain.Stages.Release;

/// <summary>
/// Refuses a release whose text files contain an absolute path of the building machine (its spec
/// folder, cache, home folder): such a path would make the release differ between machines and
/// leaks the host's layout. Only the text files the release writes are scanned; images and the
/// report (base64 images, where any short string can occur by chance) are not.
/// </summary>
public static class ReleaseHygiene
{
    private static readonly string[] TextExtensions = [".csv", ".md", ".json", ".yaml", ".yml", ".manifest"];

    public static void Check(string releaseFolder, IEnumerable<string> forbidden)
    {
        // Short fragments ("/", "/root") would match by chance; a real leak names a deeper folder.
        var fragments = forbidden.Where(f => f.Count(c => c == '/' || c == '\\') >= 2).Distinct().ToList();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var file in Directory.EnumerateFiles(releaseFolder, "*", options).Order(StringComparer.Ordinal))
        {
            if (!TextExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase)) continue;
            var text = File.ReadAllText(file, Encoding.UTF8);
            foreach (var fragment in fragments)
            {
                if (text.Contains(fragment, StringComparison.Ordinal))
                {
                    var relative = Path.GetRelativePath(releaseFolder, file).Replace(Path.DirectorySeparatorChar, '/');
                    throw new ToolchainError(
                        $"release file {relative} contains the absolute path '{fragment}' of this machine; releases must not depend on the host (write paths in the spec relative to the spec file)",
                        exitCode: 1);
                }
            }
        }
    }
}
