using System.Text.Json.Nodes;
using Toolchain.Pipeline.Hashing;

namespace Toolchain.Pipeline.Keys;

/// <summary>
/// Names each component that differs between two key component sets, in the words a reviewer
/// needs to see why a stage reruns: "settings.epochs: 3 -> 4", "input prepare changed",
/// "environment.threads: 2 -> 4", "stage version 1 -> 2". Values are shown as canonical JSON.
/// </summary>
public static class ComponentDiff
{
    private const int MaxValueLength = 60;

    public static IReadOnlyList<string> Describe(StageKeyComponents previous, StageKeyComponents current)
    {
        var changes = new List<string>();
        if (previous.Stage != current.Stage)
            changes.Add($"stage name {previous.Stage} -> {current.Stage}");
        if (previous.StageVersion != current.StageVersion)
            changes.Add($"stage version {previous.StageVersion} -> {current.StageVersion}");

        DiffNodes(previous.Settings, current.Settings, "settings", changes);
        DiffInputs(previous.Inputs, current.Inputs, changes);
        DiffNodes(previous.Seeds, current.Seeds, "seeds", changes);
        DiffNodes(previous.Environment, current.Environment, "environment", changes);
        return changes;
    }

    private static void DiffInputs(IReadOnlyDictionary<string, string> previous, IReadOnlyDictionary<string, string> current, List<string> changes)
    {
        foreach (var name in previous.Keys.Union(current.Keys).Order(StringComparer.Ordinal))
        {
            var had = previous.TryGetValue(name, out var before);
            var has = current.TryGetValue(name, out var after);
            if (had && !has) changes.Add($"input {name} removed");
            else if (!had && has) changes.Add($"input {name} added");
            else if (before != after) changes.Add($"input {name} changed ({before![..12]} -> {after![..12]})");
        }
    }

    private static void DiffNodes(JsonNode? previous, JsonNode? current, string path, List<string> changes)
    {
        if (previous is JsonObject before && current is JsonObject after)
        {
            var names = before.Select(p => p.Key).Union(after.Select(p => p.Key)).Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var childPath = path + Member(name);
                var had = before.ContainsKey(name);
                var has = after.ContainsKey(name);
                if (had && !has) changes.Add($"{childPath} removed (was {Show(before[name])})");
                else if (!had && has) changes.Add($"{childPath} added ({Show(after[name])})");
                else DiffNodes(before[name], after[name], childPath, changes);
            }
            return;
        }

        if (previous is JsonArray beforeArray && current is JsonArray afterArray && beforeArray.Count == afterArray.Count)
        {
            for (var i = 0; i < beforeArray.Count; i++)
                DiffNodes(beforeArray[i], afterArray[i], $"{path}[{i}]", changes);
            return;
        }

        var beforeText = CanonicalJson.Serialize(previous);
        var afterText = CanonicalJson.Serialize(current);
        if (beforeText != afterText)
            changes.Add($"{path}: {Truncate(beforeText)} -> {Truncate(afterText)}");
    }

    private static string Member(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? "." + name
            : "[" + CanonicalJson.Serialize(JsonValue.Create(name)) + "]";

    private static string Show(JsonNode? node) => Truncate(CanonicalJson.Serialize(node));

    private static string Truncate(string text) =>
        text.Length <= MaxValueLength ? text : text[..(MaxValueLength - 3)] + "...";
}
