namespace Toolchain.Evaluation.Reporting;

/// <summary>
/// Prompts from one template share a long beginning ("a dermoscopic image with ..."); tables and grids show them
/// without it so the part that differs stays readable.
/// </summary>
public static class PromptLabels
{
    /// <summary>The longest run of whole words every prompt starts with (empty for fewer than two prompts).</summary>
    public static string CommonPrefix(IReadOnlyList<string> prompts)
    {
        if (prompts.Count < 2)
        {
            return "";
        }
        var words = prompts[0].Split(' ');
        int count = 0;
        while (count < words.Length - 1)
        {
            var candidate = string.Join(' ', words.Take(count + 1)) + " ";
            if (!prompts.All(p => p.StartsWith(candidate, StringComparison.Ordinal) && p.Length > candidate.Length))
            {
                break;
            }
            count++;
        }
        return count == 0 ? "" : string.Join(' ', words.Take(count)) + " ";
    }

    public static string Shorten(string prompt, string prefix) =>
        prefix.Length > 0 && prompt.StartsWith(prefix, StringComparison.Ordinal) ? "\u2026" + prompt[prefix.Length..] : prompt;
}
