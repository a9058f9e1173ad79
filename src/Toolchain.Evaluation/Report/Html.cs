using System.Text;

namespace Toolchain.Evaluation.Report;

/// <summary>Escaping and embedding helpers for hand-written HTML.</summary>
public static class Html
{
    /// <summary>Escapes text for element content and quoted attribute values.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>A data: URI for PNG bytes, so the page needs no other files.</summary>
    public static string PngDataUri(byte[] png)
    {
        if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P' || png[2] != (byte)'N' || png[3] != (byte)'G')
        {
            throw new ArgumentException("figure bytes are not a PNG", nameof(png));
        }
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>
    /// A stable anchor id from a heading: lowercase ASCII letters and digits joined by hyphens,
    /// made unique against <paramref name="taken"/> with a numeric suffix.
    /// </summary>
    public static string AnchorId(string heading, ISet<string> taken)
    {
        var builder = new StringBuilder();
        bool hyphen = false;
        foreach (char c in heading.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (hyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }
                builder.Append(c);
                hyphen = false;
            }
            else
            {
                hyphen = true;
            }
        }
        string stem = builder.Length == 0 ? "section" : builder.ToString();
        string id = stem;
        for (int n = 2; !taken.Add(id); n++)
        {
            id = $"{stem}-{n}";
        }
        return id;
    }
}
