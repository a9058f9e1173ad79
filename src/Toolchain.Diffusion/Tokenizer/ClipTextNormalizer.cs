using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Toolchain.Diffusion.Tokenizer;

/// <summary>
/// CLIP's text cleanup before pre-tokenisation: the reference runs ftfy.fix_text, html.unescape twice,
/// collapses whitespace and lower-cases. ftfy is not available in .NET, so the parts of it that change
/// ordinary prompts are reproduced (NFC normalisation, curly quotes to straight ones, Latin ligatures,
/// full-width forms); its mojibake repair is not.
/// </summary>
public static partial class ClipTextNormalizer
{
    public static string Normalize(string text)
    {
        var s = FixText(text);
        s = WebUtility.HtmlDecode(WebUtility.HtmlDecode(s)).Trim();
        s = Whitespace().Replace(s, " ").Trim();
        return s.ToLowerInvariant();
    }

    private static string FixText(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\u2018' or '\u2019' or '\u201A' or '\u201B':
                    sb.Append('\'');
                    break;
                case '\u201C' or '\u201D' or '\u201E' or '\u201F':
                    sb.Append('"');
                    break;
                case >= '\uFF01' and <= '\uFF5E':
                    // Full-width ASCII variants (ftfy fix_character_width).
                    sb.Append((char)(c - 0xFEE0));
                    break;
                case '\u3000':
                    sb.Append(' ');
                    break;
                case >= '\uFB00' and <= '\uFB06':
                    // Latin ligatures: NFKC spells them out (ﬁ -> fi).
                    sb.Append(c.ToString().Normalize(NormalizationForm.FormKC));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
