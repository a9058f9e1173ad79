using System.Globalization;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Weights;

/// <summary>
/// Loads and saves a module's state dict by exact name. Loading is all-or-nothing: every missing,
/// unexpected, wrongly shaped or non-floating tensor is reported in one <see cref="WeightsFormatError"/>
/// before any parameter is touched. Half-precision checkpoints are converted to the module's dtype.
/// </summary>
public static class StateDictLoader
{
    /// <summary>At most this many keys are listed per kind of problem (the count is always given).</summary>
    public const int MaxListedKeys = 40;

    /// <param name="renameKey">Maps a file's key to the module's naming (legacy checkpoints), or null to use keys as stored.</param>
    public static void Load(nn.Module module, SafetensorsFile file, Func<string, string>? renameKey = null)
    {
        var target = module.state_dict();
        var sources = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var entry in file.Entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            string name = renameKey?.Invoke(entry.Name) ?? entry.Name;
            if (!sources.TryAdd(name, entry))
            {
                duplicates.Add($"{entry.Name} -> {name}");
            }
        }

        var missing = target.Keys.Where(k => !sources.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = sources.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var wrongShape = new List<string>();
        var wrongType = new List<string>();
        foreach (var (name, entry) in sources.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!target.TryGetValue(name, out var parameter))
            {
                continue;
            }
            if (!entry.Shape.SequenceEqual(parameter.shape))
            {
                wrongShape.Add($"{name} (file [{Join(entry.Shape)}], model [{Join(parameter.shape)}])");
            }
            if (!IsFloating(entry.DType) && IsFloating(parameter.dtype))
            {
                wrongType.Add($"{name} ({entry.DType}, model {parameter.dtype})");
            }
        }

        var problems = new List<string>();
        Describe(problems, "missing from the file", missing);
        Describe(problems, "unexpected (not in the model)", unexpected);
        Describe(problems, "with the wrong shape", wrongShape);
        Describe(problems, "with a non-floating dtype", wrongType);
        Describe(problems, "mapped to the same name twice", duplicates);
        if (problems.Count > 0)
        {
            throw new WeightsFormatError($"{file.Path}: does not match {module.GetName()} ({target.Count} tensors expected, {sources.Count} in the file):\n  " + string.Join("\n  ", problems));
        }

        using (no_grad())
        {
            foreach (var (name, entry) in sources)
            {
                using var stored = file.Read(entry.Name);
                var parameter = target[name];
                using var converted = stored.to(parameter.dtype, parameter.device);
                parameter.copy_(converted);
            }
        }
    }

    /// <summary>Saves the state dict as safetensors (names sorted, <c>format: pt</c> metadata as diffusers writes), byte-deterministic.</summary>
    public static void Save(nn.Module module, string path)
    {
        var state = module.state_dict();
        SafetensorsWriter.Save(path, state, new Dictionary<string, string> { ["format"] = "pt" });
    }

    private static bool IsFloating(ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    private static string Join(IEnumerable<long> shape) => string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    private static void Describe(List<string> problems, string what, List<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }
        var listed = string.Join(", ", keys.Take(MaxListedKeys));
        string more = keys.Count > MaxListedKeys ? $", ... and {keys.Count - MaxListedKeys} more" : "";
        problems.Add($"{keys.Count} {what}: {listed}{more}");
    }
}
