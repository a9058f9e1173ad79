using Toolchain.Core.Files;

namespace Toolchain.Data.Importers;

/// <summary>
/// Finds an image by name in a list of folders, in order (the first folder holding it wins). Names without an
/// extension are tried with each of the format's extensions.
/// </summary>
public sealed class ImageLocator
{
    private readonly IReadOnlyList<string> folders;
    private readonly IReadOnlyList<string> extensions;
    private readonly string searched;

    public ImageLocator(IReadOnlyList<string> folders, IReadOnlyList<string> extensions, Func<string, string> display)
    {
        this.folders = folders;
        this.extensions = extensions;
        searched = string.Join(", ", folders.Select(f => display(f) is var d && d.Length == 0 ? "./" : d + "/"));
    }

    /// <summary>Full path of the image, or null with a reason naming the folders searched.</summary>
    public string? Find(string name, out string reason)
    {
        reason = "";
        if (name.Length == 0 || name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            reason = $"image name '{name}' is not a plain file name";
            return null;
        }
        var candidates = Path.HasExtension(name) && extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            ? [name]
            : extensions.Select(e => name + e).Prepend(name).ToList();
        foreach (var folder in folders)
        {
            foreach (var candidate in candidates)
            {
                var path = Path.Combine(folder, candidate);
                if (File.Exists(path))
                {
                    // A link may point anywhere; what is imported must be part of the dataset.
                    if (!RealPath.IsInside(path, folder))
                    {
                        reason = $"image '{name}' is a symbolic link that leads outside {searched}";
                        return null;
                    }
                    return path;
                }
            }
        }
        reason = candidates.Count == 1
            ? $"no image '{name}' in {searched}"
            : $"no image '{name}' ({string.Join("/", extensions)}) in {searched}";
        return null;
    }
}
