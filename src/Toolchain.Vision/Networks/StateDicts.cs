using Toolchain.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>Strict state-dict access: every key, shape and dtype must match, or nothing is loaded.</summary>
public static class StateDicts
{
    /// <summary>The module's parameters and buffers by PyTorch-style dotted name (live tensors: do not dispose).</summary>
    public static IReadOnlyDictionary<string, Tensor> Of(nn.Module module) =>
        new SortedDictionary<string, Tensor>(module.state_dict(), StringComparer.Ordinal);

    /// <summary>
    /// Copies <paramref name="source"/> into the module. Throws a <see cref="ToolchainError"/> listing missing
    /// keys, unexpected keys and shape/dtype mismatches before changing anything.
    /// </summary>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> source, string what)
    {
        var target = module.state_dict();
        var problems = new List<string>();
        var missing = target.Keys.Where(k => !source.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"missing keys: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? $" (+{missing.Count - 10} more)" : "")}");
        }
        if (unexpected.Count > 0)
        {
            problems.Add($"unexpected keys: {string.Join(", ", unexpected.Take(10))}{(unexpected.Count > 10 ? $" (+{unexpected.Count - 10} more)" : "")}");
        }
        foreach (var (name, tensor) in target.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!source.TryGetValue(name, out var incoming))
            {
                continue;
            }
            if (!incoming.shape.SequenceEqual(tensor.shape))
            {
                problems.Add($"{name}: shape ({string.Join(", ", incoming.shape)}) but the model has ({string.Join(", ", tensor.shape)})");
            }
            else if (incoming.dtype != tensor.dtype)
            {
                problems.Add($"{name}: dtype {incoming.dtype} but the model has {tensor.dtype}");
            }
        }
        if (problems.Count > 0)
        {
            throw new ToolchainError($"{what} weights do not match the model: {string.Join("; ", problems)}");
        }
        using (no_grad())
        {
            foreach (var (name, tensor) in target)
            {
                tensor.copy_(source[name]);
            }
        }
    }

    /// <summary>Names of parameters or buffers holding NaN or infinity (empty when all are finite).</summary>
    public static IReadOnlyList<string> NonFinite(nn.Module module)
    {
        var bad = new List<string>();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (!tensor.is_floating_point())
            {
                continue;
            }
            using var finite = tensor.isfinite().all();
            if (!finite.item<bool>())
            {
                bad.Add(name);
            }
        }
        return bad;
    }
}
