using System.Globalization;
using System.Text;

namespace Toolchain.Pipeline.Hashing;

/// <summary>
/// A double as ECMAScript's Number::toString writes it, which RFC 8785 (JCS) makes the canonical JSON
/// number: the shortest digits that round-trip, plain notation for decimal exponents -6 to 20, otherwise
/// <c>d.ddde+N</c> / <c>de-N</c>; -0 is written as 0. .NET's "R" format gives the same shortest digits
/// (IEEE round-trip, since .NET Core 3.0); only the layout differs ("1E-08" against "1e-8").
/// </summary>
public static class EcmaScriptNumber
{
    /// <summary>The JCS text of a finite double; NaN and infinities have none.</summary>
    public static string Format(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "NaN and infinities have no JSON form");
        if (value == 0) return "0";

        var (digits, point) = ShortestDigits(Math.Abs(value));
        var sb = new StringBuilder(value < 0 ? "-" : "");
        int k = digits.Length, n = point;
        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1) sb.Append('.').Append(digits, 1, k - 1);
            sb.Append('e').Append(n - 1 >= 0 ? '+' : '-').Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Significant digits without leading or trailing zeros, and n with value = 0.digits x 10^n.</summary>
    private static (string Digits, int Point) ShortestDigits(double magnitude)
    {
        var text = magnitude.ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? text.Length : dot;
        var all = text.Replace(".", "", StringComparison.Ordinal);
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return (digits, integerDigits - leading + exponent);
    }
}
