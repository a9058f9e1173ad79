using Toolchain.Diffusion.Runtime;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using Toolchain.Core;
using Toolchain.Diffusion.Layers;
using Toolchain.Diffusion.Weights;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Lora;

/// <summary>
/// The set of LoRA adapters attached to one model: every <see cref="AdaptableLinear"/> whose module path
/// matches <see cref="LoraConfig.TargetModules"/> gets an adapter, all base parameters are frozen, and only the
/// adapters' A/B matrices are handed to the optimizer. Disabling gives back the exact base model (the RL
/// reference policy); merging folds scale * B A into the base weights for fast inference.
/// Saved in the diffusers/PEFT key layout (docs/lora-format.md).
/// </summary>
public sealed class LoraNetwork : IDisposable
{
    private readonly List<LoraAdapter> adapters;
    private readonly List<(Parameter Parameter, bool RequiredGrad)> frozen;
    private bool enabled = true;

    private LoraNetwork(LoraConfig config, List<LoraAdapter> adapters, List<(Parameter, bool)> frozen)
    {
        Config = config;
        this.adapters = adapters;
        this.frozen = frozen;
    }

    public LoraConfig Config { get; }

    /// <summary>Adapters in module-path order.</summary>
    public IReadOnlyList<LoraAdapter> Adapters => adapters;

    public bool IsMerged => adapters.Count > 0 && adapters[0].IsMerged;

    /// <summary>When false the model computes exactly its base function. Cannot change while merged.</summary>
    public bool Enabled
    {
        get => enabled;
        set
        {
            if (value != enabled && IsMerged)
            {
                throw new InvalidOperationException("unmerge the LoRA adapters before enabling or disabling them");
            }
            enabled = value;
            foreach (var adapter in adapters)
            {
                adapter.Enabled = value;
            }
        }
    }

    /// <summary>
    /// Attaches adapters to <paramref name="model"/> and freezes its own parameters. A and B are initialised
    /// from <paramref name="generator"/>, which also draws dropout masks during training.
    /// </summary>
    public static LoraNetwork Attach(nn.Module model, LoraConfig config, Generator generator)
    {
        config.Validate();
        var targets = new List<(string Path, AdaptableLinear Layer)>();
        foreach (var (path, module) in model.named_modules())
        {
            if (path.Length == 0 || !config.Targets(path))
            {
                continue;
            }
            if (module is not AdaptableLinear linear)
            {
                throw new ToolchainError($"LoRA target '{path}' is a {module.GetType().Name}; only linear projections (AdaptableLinear) can carry adapters", exitCode: 2);
            }
            if (linear.Adapter is not null)
            {
                throw new InvalidOperationException($"'{path}' already carries a LoRA adapter");
            }
            targets.Add((path, linear));
        }
        if (targets.Count == 0)
        {
            throw new ToolchainError($"no module of the model matches the LoRA target modules [{string.Join(", ", config.TargetModules)}]", exitCode: 2);
        }
        var frozen = new List<(Parameter, bool)>();
        foreach (var p in model.parameters())
        {
            frozen.Add((p, p.requires_grad));
            p.requires_grad = false;
        }
        var created = new List<LoraAdapter>();
        foreach (var (path, layer) in targets.OrderBy(t => t.Path, StringComparer.Ordinal))
        {
            var adapter = new LoraAdapter(path, layer, config, generator);
            layer.Adapter = adapter;
            created.Add(adapter);
        }
        return new LoraNetwork(config, created, frozen);
    }

    /// <summary>The trainable parameters: every adapter's A and B, nothing of the base model.</summary>
    public IEnumerable<Parameter> Parameters() => adapters.SelectMany(a => new[] { a.A, a.B });

    public long ParameterCount => adapters.Sum(a => a.A.numel() + a.B.numel());

    /// <summary>Disables the adapters until the returned handle is disposed (evaluate the reference policy).</summary>
    public IDisposable Disabled()
    {
        bool previous = Enabled;
        Enabled = false;
        return new Restore(() => Enabled = previous);
    }

    /// <summary>
    /// <paramref name="predictNoise"/> with the adapters confined to the timesteps they act at
    /// (<see cref="LoraConfig.MinTimestep"/>): rows of a batch below it are predicted with the adapters
    /// disabled, i.e. by the base model. RL re-scores shuffled steps, so one batch may mix both kinds of rows.
    /// An ungated network returns <paramref name="predictNoise"/> itself.
    /// </summary>
    public Func<Tensor, Tensor, Tensor, Tensor> Gated(Func<Tensor, Tensor, Tensor, Tensor> predictNoise)
    {
        if (Config.MinTimestep is not { } min)
        {
            return predictNoise;
        }
        // Gated adapters are never merged (Merge refuses), so they can be switched per row.
        return (sample, timesteps, context) =>
        {
            using var scope = NewDisposeScope();
            var acting = timesteps.ge(min);
            long actingRows = acting.sum().item<long>();
            if (actingRows == timesteps.shape[0])
            {
                return predictNoise(sample, timesteps, context).MoveToOuterDisposeScope();
            }
            if (actingRows == 0)
            {
                using (Disabled())
                {
                    return predictNoise(sample, timesteps, context).MoveToOuterDisposeScope();
                }
            }
            var on = acting.nonzero().squeeze(1);
            var off = acting.logical_not().nonzero().squeeze(1);
            var adapted = predictNoise(sample.index_select(0, on), timesteps.index_select(0, on), context.index_select(0, on));
            Tensor plain;
            using (Disabled())
            {
                plain = predictNoise(sample.index_select(0, off), timesteps.index_select(0, off), context.index_select(0, off));
            }
            long[] shape = [timesteps.shape[0], .. adapted.shape[1..]];
            return zeros(shape, dtype: adapted.dtype, device: adapted.device)
                .index_copy(0, on, adapted)
                .index_copy(0, off, plain)
                .MoveToOuterDisposeScope();
        };
    }

    /// <summary>W += scale * B A in every adapted layer; the adapters then stop adding their term.</summary>
    public void Merge()
    {
        if (!Enabled)
        {
            throw new InvalidOperationException("merging disabled LoRA adapters would change the base model; enable them first");
        }
        if (Config.MinTimestep is not null)
        {
            throw new InvalidOperationException("merged adapters would act at every timestep, but these are gated to t >= " + Config.MinTimestep);
        }
        foreach (var adapter in adapters)
        {
            adapter.Merge();
        }
    }

    /// <summary>W -= scale * B A: restores the base weights (up to fp32 rounding).</summary>
    public void Unmerge()
    {
        foreach (var adapter in adapters)
        {
            adapter.Unmerge();
        }
    }

    /// <summary>The adapter key of a module path in the diffusers/PEFT layout: <c>{prefix}.{path}.lora_A.weight</c>.</summary>
    public static string KeyOf(string prefix, string modulePath, char matrix) =>
        $"{prefix}.{modulePath}.lora_{matrix}.weight";

    /// <summary>
    /// Adapter tensors under diffusers/PEFT keys. lora_B is stored multiplied by scale = alpha / rank, because
    /// diffusers loads PEFT-layout files with alpha = rank; the product B A is then the same in both programs.
    /// </summary>
    public Dictionary<string, Tensor> StateDict(string prefix = "unet")
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (no_grad())
        {
            foreach (var a in adapters)
            {
                result[KeyOf(prefix, a.ModulePath, 'A')] = a.A.detach().clone();
                result[KeyOf(prefix, a.ModulePath, 'B')] = (a.B.detach() * a.Scale).to(a.B.dtype);
            }
        }
        return result;
    }

    /// <summary>Writes <c>pytorch_lora_weights.safetensors</c>-style adapters with rank/alpha/targets in the metadata.</summary>
    public void Save(string path, string prefix = "unet")
    {
        using var scope = NewDisposeScope();
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["lora_rank"] = Config.Rank.ToString(CultureInfo.InvariantCulture),
            ["lora_alpha"] = Config.Alpha.ToString("R", CultureInfo.InvariantCulture),
            ["lora_dropout"] = Config.Dropout.ToString("R", CultureInfo.InvariantCulture),
            ["target_modules"] = string.Join(",", Config.TargetModules),
            ["lora_b_includes_scale"] = "true",
            [DiffusersMetadataKey] = DiffusersAdapterMetadata(prefix),
        };
        // Only gated adapters carry the key, so files of ungated ones stay as they were (and diffusers-like).
        if (Config.MinTimestep is { } min)
        {
            metadata["min_timestep"] = min.ToString(CultureInfo.InvariantCulture);
        }
        SafetensorsWriter.Save(path, StateDict(prefix), metadata);
    }

    /// <summary>The safetensors metadata key under which diffusers keeps a LoRA file's PEFT <c>LoraConfig</c>.</summary>
    public const string DiffusersMetadataKey = "lora_adapter_metadata";

    /// <summary>
    /// The PEFT config diffusers' <c>load_lora_weights</c> builds its adapters from, keys prefixed by component
    /// ("unet.r"), as its <c>save_lora_weights</c> writes it. <c>lora_alpha</c> is the rank: the stored B already
    /// carries alpha / rank, so diffusers must scale by 1.
    /// </summary>
    private string DiffusersAdapterMetadata(string prefix)
    {
        using var stream = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            // Sorted, as diffusers writes it (json.dumps(sort_keys=True)).
            json.WriteStartObject();
            json.WriteString($"{prefix}.bias", "none");
            json.WriteNumber($"{prefix}.lora_alpha", Config.Rank);
            json.WriteNumber($"{prefix}.lora_dropout", Config.Dropout);
            json.WriteNumber($"{prefix}.r", Config.Rank);
            json.WriteStartArray($"{prefix}.target_modules");
            foreach (var target in Config.TargetModules) json.WriteStringValue(target);
            json.WriteEndArray();
            json.WriteBoolean($"{prefix}.use_dora", false);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Attaches adapters shaped as a file written by <see cref="Save"/> says (rank, alpha and targets from its
    /// metadata, and the timestep gate when it has one) and loads its weights: how sampling applies a trained LoRA
    /// without knowing the settings it had. Sample through <see cref="Gated"/> so a gate is honoured.
    /// </summary>
    public static LoraNetwork AttachSaved(nn.Module model, string path, string prefix = "unet")
    {
        LoraConfig config;
        using (var file = SafetensorsFile.Open(path))
        {
            string Get(string key) => file.Metadata.TryGetValue(key, out var value)
                ? value
                : throw new WeightsFormatError($"{path}: metadata has no '{key}'; the adapter's rank, alpha and targets are needed to attach it");
            config = new LoraConfig
            {
                Rank = int.Parse(Get("lora_rank"), CultureInfo.InvariantCulture),
                Alpha = double.Parse(Get("lora_alpha"), CultureInfo.InvariantCulture),
                TargetModules = Get("target_modules").Split(',', StringSplitOptions.RemoveEmptyEntries),
                MinTimestep = file.Metadata.TryGetValue("min_timestep", out var min)
                    ? long.TryParse(min, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
                        ? value
                        : throw new WeightsFormatError($"{path}: metadata 'min_timestep' is '{min}', not a non-negative whole number")
                    : null,
            };
        }
        // The weights come from the file; the generator only makes construction deterministic.
        using var generator = ComputeDevice.Generator(0);
        var lora = Attach(model, config, generator);
        try
        {
            lora.Load(path, prefix);
        }
        catch
        {
            lora.Dispose();
            throw;
        }
        return lora;
    }

    /// <summary>
    /// Loads adapters saved by <see cref="Save"/> (or by diffusers/PEFT with the same targets and rank) with strict
    /// key checks: a missing, unexpected or wrongly shaped tensor is an error listing the keys.
    /// </summary>
    public void Load(string path, string prefix = "unet")
    {
        if (IsMerged)
        {
            throw new InvalidOperationException("unmerge the LoRA adapters before loading new weights");
        }
        using var file = SafetensorsFile.Open(path);
        // Both our files (lora_B already multiplied by scale) and diffusers/PEFT-layout files (used there with
        // alpha = rank, i.e. scale 1) hold the product's B factor; our adapter multiplies by scale, so divide.
        var expected = new Dictionary<string, (Parameter Target, double Divide)>(StringComparer.Ordinal);
        foreach (var a in adapters)
        {
            expected[KeyOf(prefix, a.ModulePath, 'A')] = (a.A, 1.0);
            expected[KeyOf(prefix, a.ModulePath, 'B')] = (a.B, a.Scale);
        }
        var names = file.Names.ToList();
        var missing = expected.Keys.Where(k => !file.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = names.Where(k => !expected.ContainsKey(k)).ToList();
        var wrongShape = names.Where(expected.ContainsKey)
            .Where(k => !file.Entry(k).Shape.SequenceEqual(expected[k].Target.shape))
            .Select(k => $"{k}: file [{string.Join(", ", file.Entry(k).Shape)}], model [{string.Join(", ", expected[k].Target.shape)}]")
            .ToList();
        if (missing.Count + unexpected.Count + wrongShape.Count > 0)
        {
            throw new WeightsFormatError($"{path}: LoRA adapters do not match the model (prefix '{prefix}', rank {Config.Rank}):"
                + Listing("missing", missing) + Listing("unexpected", unexpected) + Listing("wrong shape", wrongShape));
        }
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (var (key, (target, divide)) in expected)
            {
                var value = file.Read(key).to(target.dtype);
                target.copy_(divide == 1.0 ? value : value / divide);
            }
        }
    }

    /// <summary>Unmerges and removes every adapter and gives the base parameters back their requires_grad flags.</summary>
    public void Dispose()
    {
        foreach (var adapter in adapters)
        {
            adapter.DetachFromHost();
            adapter.Dispose();
        }
        adapters.Clear();
        foreach (var (parameter, requiredGrad) in frozen)
        {
            parameter.requires_grad = requiredGrad;
        }
        frozen.Clear();
    }

    private static string Listing(string label, List<string> keys) =>
        keys.Count == 0 ? "" : $"\n  {label} ({keys.Count}): " + string.Join(", ", keys.Take(20)) + (keys.Count > 20 ? ", ..." : "");

    private sealed class Restore(Action action) : IDisposable
    {
        private Action? pending = action;

        public void Dispose()
        {
            pending?.Invoke();
            pending = null;
        }
    }
}
