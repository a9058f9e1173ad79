using System.Diagnostics;
using Toolchain.Diffusion.Layers;
using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Benchmarks;

/// <summary>
/// Instruments one forward pass with hooks: counts the FLOPs of convolutions, linear layers and attention
/// matmuls (multiply-add = 2 FLOPs, from the actual input/output shapes) and times every module exclusively
/// (its own work, children subtracted), summed by module type.
/// </summary>
public sealed class ModuleProfiler : IDisposable
{
    private readonly List<Action> removers = [];
    private readonly Stack<(long Start, long Children)> open = new();
    private readonly Dictionary<string, long> ticksByType = new(StringComparer.Ordinal);

    public ModuleProfiler(nn.Module model)
    {
        // TorchSharp's named_modules() leaves out the root, which may itself be a counted layer.
        var modules = model.named_modules().Select(pair => pair.module).Where(m => !ReferenceEquals(m, model)).Prepend(model);
        foreach (var module in modules)
        {
            switch (module)
            {
                case Conv2d conv:
                    Hook(conv, (input, output) =>
                        2.0 * output.NumberOfElements * conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3]);
                    break;
                case Linear linear:
                    Hook(linear, (input, output) => 2.0 * output.NumberOfElements * linear.weight!.shape[1]);
                    break;
                case AdaptableLinear projection:
                    Hook(projection, (input, output) => 2.0 * output.NumberOfElements * projection.InFeatures);
                    break;
                case SpatialSelfAttention spatial:
                    // QK^T and AV over H*W tokens: 2 matmuls of B x N x N x C.
                    Hook(spatial, (input, output) =>
                    {
                        double tokens = input.shape[2] * input.shape[3];
                        return 2.0 * 2.0 * input.shape[0] * tokens * tokens * input.shape[1];
                    });
                    break;
                case nn.Module<Tensor, Tensor> single:
                    Hook(single, (_, _) => 0.0);
                    break;
            }
            if (module is Attention attention)
            {
                HookAttention(attention);
            }
            else if (module is nn.Module<Tensor, Tensor?, Tensor> pair)
            {
                HookPair(pair);
            }
        }
    }

    /// <summary>FLOPs of the forward passes run while profiling.</summary>
    public double Flops { get; private set; }

    /// <summary>Exclusive forward time per module type, in milliseconds.</summary>
    public IReadOnlyDictionary<string, double> MillisecondsByType =>
        ticksByType.OrderByDescending(p => p.Value).ToDictionary(p => p.Key, p => p.Value * 1000.0 / Stopwatch.Frequency);

    public void Dispose()
    {
        foreach (var remove in removers)
        {
            remove();
        }
        removers.Clear();
    }

    private void Track<THook, TPost>(nn.HookableModule<THook, TPost>.HookRemover remover) => removers.Add(remover.remove);

    private void Begin() => open.Push((Stopwatch.GetTimestamp(), 0));

    private void End(string type, double flops)
    {
        var (start, children) = open.Pop();
        long elapsed = Stopwatch.GetTimestamp() - start;
        ticksByType[type] = ticksByType.GetValueOrDefault(type) + elapsed - children;
        if (open.Count > 0)
        {
            var parent = open.Pop();
            open.Push((parent.Start, parent.Children + elapsed));
        }
        Flops += flops;
    }

    private void Hook(nn.Module<Tensor, Tensor> module, Func<Tensor, Tensor, double> flops)
    {
        string type = module.GetType().Name;
        Track(module.register_forward_pre_hook((m, input) => { Begin(); return input; }));
        Track(module.register_forward_hook((m, input, output) => { End(type, flops(input, output)); return output; }));
    }

    private void HookAttention(Attention attention)
    {
        Track(attention.register_forward_pre_hook((m, hidden, context) => { Begin(); return (hidden, context); }));
        Track(attention.register_forward_hook((m, hidden, context, output) =>
        {
            // QK^T and AV: 2 matmuls of B x N x M x inner.
            double inner = attention.to_q.OutFeatures;
            double keys = (context ?? hidden).shape[1];
            End(nameof(Attention), 2.0 * 2.0 * hidden.shape[0] * hidden.shape[1] * keys * inner);
            return output;
        }));
    }

    private void HookPair(nn.Module<Tensor, Tensor?, Tensor> module)
    {
        string type = module.GetType().Name;
        Track(module.register_forward_pre_hook((m, a, b) => { Begin(); return (a, b); }));
        Track(module.register_forward_hook((m, a, b, output) => { End(type, 0.0); return output; }));
    }
}
