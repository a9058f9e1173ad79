using System.Text.RegularExpressions;

namespace Toolchain.Data.Canonical;

/// <summary>Where files live inside a canonical dataset folder (all paths relative, forward slashes).</summary>
public static partial class CanonicalLayout
{
    public const string ImagesFolder = "images";
    public const string MasksFolder = "masks";

    /// <summary>Ids become file names, so they are restricted to a portable character set.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>Turns a source identifier into a valid id: characters outside [A-Za-z0-9._-] become '_'.</summary>
    public static string ToId(string sourceIdentifier)
    {
        var cleaned = UnsafeCharacters().Replace(sourceIdentifier.Trim(), "_");
        return cleaned.Length == 0 || !char.IsAsciiLetterOrDigit(cleaned[0]) ? "x" + cleaned : cleaned;
    }

    public static string ImageFile(string id) => $"{ImagesFolder}/{id}.png";

    public static string MaskFile(string id, string key) => $"{MasksFolder}/{id}_{key}.png";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeCharacters();
}
