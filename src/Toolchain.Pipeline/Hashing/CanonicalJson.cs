using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Toolchain.Core;

namespace Toolchain.Pipeline.Hashing;

/// <summary>
/// One fixed text form for a JSON tree, so equal content always hashes the same.
/// Rules: object keys sorted ordinally (UTF-16 code units); no insignificant whitespace in the
/// compact form; numbers as RFC 8785 (JCS) writes them, i.e. ECMAScript's form of the IEEE double
/// (<see cref="EcmaScriptNumber"/>: 3, 3.0 and 3.0m are all "3", 1E-08 is "1e-8"), so a key can be recomputed
/// with any JCS implementation; integers beyond 2^53, which a double cannot hold, are written exactly
/// (no key holds one); a float is the double its shortest text names (0.1f is 0.1); NaN and infinities are rejected; strings escape only '"', '\' and control characters
/// (\b \f \n \r \t, else \u00xx lowercase), everything else is written as UTF-8.
/// The indented form (two spaces, '\n') is for files people read; hashes use the compact form.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Compact canonical text: the form that is hashed.</summary>
    public static string Serialize(JsonNode? node) => Write(node, indented: false);

    /// <summary>Canonical text indented for reviewers (lock files, key.json); ends without newline.</summary>
    public static string SerializeIndented(JsonNode? node) => Write(node, indented: true);

    /// <summary>UTF-8 bytes of the compact form.</summary>
    public static byte[] ToUtf8Bytes(JsonNode? node) => Encoding.UTF8.GetBytes(Serialize(node));

    /// <summary>SHA-256 (lowercase hex) of the compact canonical form.</summary>
    public static string Digest(JsonNode? node) => Sha256Hex.OfBytes(ToUtf8Bytes(node));

    private static string Write(JsonNode? node, bool indented)
    {
        var builder = new StringBuilder();
        WriteNode(builder, node, indented, depth: 0, path: "$");
        return builder.ToString();
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, bool indented, int depth, string path)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                WriteObject(sb, obj, indented, depth, path);
                break;
            case JsonArray array:
                WriteArray(sb, array, indented, depth, path);
                break;
            case JsonValue value:
                WriteValue(sb, value, indented, depth, path);
                break;
            default:
                throw new ToolchainError($"Cannot write canonical JSON at {path}: unsupported node type {node.GetType().Name}.");
        }
    }

    private static void WriteObject(StringBuilder sb, JsonObject obj, bool indented, int depth, string path)
    {
        var keys = obj.Select(p => p.Key).ToList();
        keys.Sort(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            sb.Append("{}");
            return;
        }

        sb.Append('{');
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) sb.Append(',');
            NewLine(sb, indented, depth + 1);
            WriteString(sb, keys[i], $"{path} (key)");
            sb.Append(indented ? ": " : ":");
            WriteNode(sb, obj[keys[i]], indented, depth + 1, $"{path}.{keys[i]}");
        }
        NewLine(sb, indented, depth);
        sb.Append('}');
    }

    private static void WriteArray(StringBuilder sb, JsonArray array, bool indented, int depth, string path)
    {
        if (array.Count == 0)
        {
            sb.Append("[]");
            return;
        }

        sb.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0) sb.Append(',');
            NewLine(sb, indented, depth + 1);
            WriteNode(sb, array[i], indented, depth + 1, $"{path}[{i}]");
        }
        NewLine(sb, indented, depth);
        sb.Append(']');
    }

    private static void NewLine(StringBuilder sb, bool indented, int depth)
    {
        if (!indented) return;
        sb.Append('\n');
        sb.Append(' ', depth * 2);
    }

    private static void WriteValue(StringBuilder sb, JsonValue value, bool indented, int depth, string path)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(sb, element, indented, depth, path);
            return;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.Null:
                sb.Append("null");
                return;
            case JsonValueKind.True:
                sb.Append("true");
                return;
            case JsonValueKind.False:
                sb.Append("false");
                return;
            case JsonValueKind.String:
                if (value.TryGetValue<string>(out var text)) WriteString(sb, text, path);
                else if (value.TryGetValue<char>(out var ch)) WriteString(sb, ch.ToString(), path);
                else throw Unsupported(value, path);
                return;
            case JsonValueKind.Number:
                sb.Append(FormatClrNumber(value, path));
                return;
            default:
                throw Unsupported(value, path);
        }
    }

    private static void WriteElement(StringBuilder sb, JsonElement element, bool indented, int depth, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                // A JsonValue wrapping a structured element: re-read it as nodes to sort its keys.
                WriteNode(sb, JsonNode.Parse(element.GetRawText()), indented, depth, path);
                return;
            case JsonValueKind.String:
                WriteString(sb, element.GetString()!, path);
                return;
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var l)) sb.Append(l.ToString(CultureInfo.InvariantCulture));
                else if (element.TryGetUInt64(out var ul)) sb.Append(ul.ToString(CultureInfo.InvariantCulture));
                else sb.Append(FormatDouble(element.GetDouble(), path));
                return;
            case JsonValueKind.True:
                sb.Append("true");
                return;
            case JsonValueKind.False:
                sb.Append("false");
                return;
            case JsonValueKind.Null:
                sb.Append("null");
                return;
            default:
                throw new ToolchainError($"Cannot write canonical JSON at {path}: unsupported value kind {element.ValueKind}.");
        }
    }

    private static string FormatClrNumber(JsonValue value, string path)
    {
        if (value.TryGetValue<long>(out var l)) return l.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<int>(out var i)) return i.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<short>(out var s)) return s.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<sbyte>(out var sb)) return sb.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<byte>(out var b)) return b.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<ushort>(out var us)) return us.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<uint>(out var ui)) return ui.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<ulong>(out var ul)) return ul.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<double>(out var d)) return FormatDouble(d, path);
        if (value.TryGetValue<float>(out var f)) return FormatSingle(f, path);
        if (value.TryGetValue<decimal>(out var m)) return FormatDecimal(m);
        throw Unsupported(value, path);
    }

    private static string FormatDouble(double d, string path)
    {
        if (!double.IsFinite(d))
            throw new ToolchainError($"Cannot write canonical JSON at {path}: {d.ToString(CultureInfo.InvariantCulture)} is not a finite number (NaN and infinities have no JSON form).");
        return EcmaScriptNumber.Format(d);
    }

    private static string FormatSingle(float f, string path)
    {
        if (!float.IsFinite(f))
            throw new ToolchainError($"Cannot write canonical JSON at {path}: {f.ToString(CultureInfo.InvariantCulture)} is not a finite number (NaN and infinities have no JSON form).");
        // The double nearest the float's shortest text, so 0.1f is written as 0.1, not 0.10000000149011612.
        return EcmaScriptNumber.Format(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    private static string FormatDecimal(decimal m) =>
        m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue
            ? ((long)m).ToString(CultureInfo.InvariantCulture)
            : EcmaScriptNumber.Format((double)m);

    private static void WriteString(StringBuilder sb, string text, string path)
    {
        sb.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[i + 1]);
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // UTF-8 cannot carry a lone surrogate; encoding would silently replace it.
                        throw new ToolchainError($"Cannot write canonical JSON at {path}: string contains a lone UTF-16 surrogate (U+{(int)c:X4}).");
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    private static ToolchainError Unsupported(JsonValue value, string path) =>
        new($"Cannot write canonical JSON at {path}: unsupported value {value.ToJsonString()} of kind {value.GetValueKind()}.");
}
