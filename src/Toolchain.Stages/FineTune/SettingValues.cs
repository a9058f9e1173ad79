using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolchain.Stages.FineTune;

/// <summary>Typed reads of a resolved (schema-validated, defaults applied) settings object.</summary>
internal static class SettingValues
{
    public static JsonNode Get(JsonObject settings, string path) =>
        Find(settings, path) ?? throw new InvalidOperationException($"resolved settings have no '{path}' (the schema should have supplied it)");

    /// <summary>An optional setting, or null when the spec leaves it unset.</summary>
    public static JsonNode? Find(JsonObject settings, string path)
    {
        JsonNode? node = settings;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }
        return node;
    }

    public static int Int(JsonObject settings, string path) => Get(settings, path).GetValue<int>();

    public static bool Flag(JsonObject settings, string path) => Get(settings, path).GetValue<bool>();

    public static string Text(JsonObject settings, string path) => Get(settings, path).GetValue<string>();

    /// <summary>A number whether the YAML wrote it as an integer or a decimal.</summary>
    public static double Number(JsonObject settings, string path)
    {
        var node = Get(settings, path);
        return node.GetValueKind() == JsonValueKind.Number
            ? double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"setting '{path}' is not a number");
    }

    public static IReadOnlyList<int> Ints(JsonObject settings, string path) =>
        Get(settings, path).AsArray().Select(n => n!.GetValue<int>()).ToList();

    public static IReadOnlyList<string> Texts(JsonObject settings, string path) =>
        Get(settings, path).AsArray().Select(n => n!.GetValue<string>()).ToList();
}
