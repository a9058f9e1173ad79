using System.Globalization;

namespace Toolchain.Data.Canonical;

/// <summary>
/// A Fitzpatrick skin type (1-6), or a range when the source only gives a band (DDI's 12 / 34 / 56).
/// Written as "5" or "5-6".
/// </summary>
public readonly record struct FitzpatrickRange
{
    public FitzpatrickRange(int min, int max)
    {
        if (min < 1 || max > 6 || min > max)
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"Fitzpatrick range {min}-{max} is outside 1-6");
        }
        Min = min;
        Max = max;
    }

    public int Min { get; }
    public int Max { get; }

    public static FitzpatrickRange Single(int type) => new(type, type);

    /// <summary>True when every type in this range is in <paramref name="allowed"/>.</summary>
    public bool IsWithin(IReadOnlySet<int> allowed)
    {
        for (var t = Min; t <= Max; t++)
        {
            if (!allowed.Contains(t))
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() => Min == Max
        ? Min.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");

    /// <summary>Roman form for prompts: "V" or "V-VI".</summary>
    public string ToRoman() => Min == Max ? Roman(Min) : $"{Roman(Min)}-{Roman(Max)}";

    public static bool TryParse(string text, out FitzpatrickRange range)
    {
        range = default;
        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2)
        {
            return false;
        }
        var bounds = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bounds[i]) || bounds[i] is < 1 or > 6)
            {
                return false;
            }
        }
        var min = bounds[0];
        var max = bounds[^1];
        if (min > max)
        {
            return false;
        }
        range = new FitzpatrickRange(min, max);
        return true;
    }

    private static string Roman(int type) => type switch
    {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        5 => "V",
        _ => "VI",
    };
}
