using System.Globalization;

namespace Toolchain.Data.Canonical;

/// <summary>
/// Text form of canonical values, shared by the writer, the strict reader and the importers so that a value
/// means the same everywhere. Parsers return false with a reason instead of throwing.
/// </summary>
public static class CanonicalValues
{
    public const double MaxAge = 130;

    public static string FormatBinary(bool? value) => value switch { true => "1", false => "0", null => "" };

    public static string FormatAge(double? age) => age?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Canonical binary cell: "1", "0" or empty. Sources also write "1.0"/"0.0", which mean the same.</summary>
    public static bool TryParseBinary(string text, out bool? value, out string reason)
    {
        reason = "";
        switch (text.Trim())
        {
            case "":
                value = null;
                return true;
            case "1" or "1.0":
                value = true;
                return true;
            case "0" or "0.0":
                value = false;
                return true;
            default:
                value = null;
                reason = $"'{text}' is not a binary label (expected 0, 1 or empty)";
                return false;
        }
    }

    public static bool TryParseAge(string text, out double? age, out string reason)
    {
        reason = "";
        age = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }
        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)
            || !double.IsFinite(parsed) || parsed > MaxAge)
        {
            reason = $"age '{text}' is not a number between 0 and {MaxAge.ToString(CultureInfo.InvariantCulture)}";
            return false;
        }
        age = parsed;
        return true;
    }

    /// <summary>Sex as "male"/"female"; "unknown" and empty mean unknown.</summary>
    public static bool TryParseSex(string text, out string? sex, out string reason)
    {
        reason = "";
        sex = null;
        switch (text.Trim().ToLowerInvariant())
        {
            case "" or "unknown":
                return true;
            case "male" or "m":
                sex = "male";
                return true;
            case "female" or "f":
                sex = "female";
                return true;
            default:
                reason = $"sex '{text}' is not male, female or unknown";
                return false;
        }
    }

    /// <summary>Body site, lower-cased and trimmed; "unknown" and empty mean unknown.</summary>
    public static string? NormalizeSite(string text)
    {
        var site = text.Trim().ToLowerInvariant();
        return site is "" or "unknown" ? null : site;
    }

    public static bool TryParseFitzpatrick(string text, out FitzpatrickRange? range, out string reason)
    {
        reason = "";
        range = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }
        if (!FitzpatrickRange.TryParse(trimmed, out var parsed))
        {
            reason = $"Fitzpatrick type '{text}' is not 1-6 or a range such as 5-6";
            return false;
        }
        range = parsed;
        return true;
    }

    public static string? EmptyToNull(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }
}
