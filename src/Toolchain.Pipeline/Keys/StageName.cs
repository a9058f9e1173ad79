using Toolchain.Core;

namespace Toolchain.Pipeline.Keys;

/// <summary>
/// Stage names become folder names in the cache, so they are restricted to a portable set:
/// a letter or digit, then letters, digits, '.', '_' or '-'. Nothing can escape the cache root
/// or collide with the cache's own dot-prefixed temporary folders.
/// </summary>
public static class StageName
{
    public const int MaxLength = 100;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxLength
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public static string Validate(string? name)
    {
        if (!IsValid(name))
            throw new ToolchainError(
                $"Invalid stage name '{name}': use 1-{MaxLength} characters, starting with a letter or digit, then letters, digits, '.', '_' or '-'.",
                exitCode: 2);
        return name!;
    }
}
