using System.Globalization;
using System.Text.Json;
using Toolchain.Core.Files;
using Toolchain.Diffusion.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Rl.Training;

/// <summary>
/// A trainer checkpoint folder: <c>trainer-state.json</c> (counters, tracker buffers, early-stopping state),
/// <c>trainable.safetensors</c> (the adapter parameters, in <see cref="Policy.IDiffusionPolicy.TrainableParameters"/> order)
/// and <c>optimizer.safetensors</c> (AdamW's step counts and moment estimates). Each file is written to a
/// temporary name and renamed, the state file last.
/// </summary>
public static class DdpoCheckpoint
{
    public const string StateFile = "trainer-state.json";
    public const string TrainableFile = "trainable.safetensors";
    public const string OptimizerFile = "optimizer.safetensors";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Save(string directory, TrainerState state, IReadOnlyList<Parameter> trainable, AdamW optimizer)
    {
        Directory.CreateDirectory(directory);
        var parameters = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < trainable.Count; i++)
        {
            parameters[ParameterName(i)] = trainable[i];
        }
        SafetensorsWriter.Save(Path.Combine(directory, TrainableFile), parameters);

        using (var scope = NewDisposeScope())
        {
            var moments = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var states = AdamStates(optimizer, trainable.Count);
            for (int i = 0; i < states.Count; i++)
            {
                moments[StateName(i, "step")] = tensor(new[] { states[i].step }, ScalarType.Int64);
                moments[StateName(i, "exp_avg")] = states[i].exp_avg;
                moments[StateName(i, "exp_avg_sq")] = states[i].exp_avg_sq;
            }
            SafetensorsWriter.Save(Path.Combine(directory, OptimizerFile), moments);
        }

        string statePath = Path.Combine(directory, StateFile);
        AtomicFile.WriteAllText(statePath, JsonSerializer.Serialize(state, Json));
    }

    /// <summary>Reads the state and copies the saved tensors into <paramref name="trainable"/> and the optimizer.</summary>
    public static TrainerState Load(string directory, IReadOnlyList<Parameter> trainable, AdamW optimizer)
    {
        string statePath = Path.Combine(directory, StateFile);
        if (!File.Exists(statePath))
        {
            throw new RefineSettingsError("resume", $"{statePath} not found; the folder holds no complete checkpoint");
        }
        TrainerState state;
        try
        {
            state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(statePath), Json)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new RefineSettingsError("resume", $"{statePath} is not a trainer state ({e.Message})");
        }
        if (state.Format != TrainerState.CurrentFormat)
        {
            throw new RefineSettingsError("resume", $"{statePath} has format {state.Format}; this build reads format {TrainerState.CurrentFormat}");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using (var file = SafetensorsFile.Open(Path.Combine(directory, TrainableFile)))
        {
            ExpectCount(file, trainable.Count, "trainable parameters");
            for (int i = 0; i < trainable.Count; i++)
            {
                CopyInto(file, ParameterName(i), trainable[i]);
            }
        }
        using (var file = SafetensorsFile.Open(Path.Combine(directory, OptimizerFile)))
        {
            var states = AdamStates(optimizer, trainable.Count);
            ExpectCount(file, 3 * states.Count, "optimizer tensors");
            for (int i = 0; i < states.Count; i++)
            {
                states[i].step = file.Read(StateName(i, "step")).item<long>();
                CopyInto(file, StateName(i, "exp_avg"), states[i].exp_avg);
                CopyInto(file, StateName(i, "exp_avg_sq"), states[i].exp_avg_sq);
            }
        }
        return state;
    }

    private static List<AdamW.State> AdamStates(AdamW optimizer, int expected)
    {
        // state_dict() hands out the optimizer's live per-parameter state objects, in parameter order.
        var states = optimizer.state_dict().State.Cast<AdamW.State>().ToList();
        if (states.Count != expected)
        {
            throw new InvalidOperationException($"the optimizer tracks {states.Count} parameters but the policy has {expected} trainable ones");
        }
        return states;
    }

    private static void CopyInto(SafetensorsFile file, string name, Tensor target)
    {
        var saved = file.Read(name);
        if (!saved.shape.SequenceEqual(target.shape) || saved.dtype != target.dtype)
        {
            throw new RefineSettingsError("resume",
                $"{file.Path}: '{name}' is {saved.dtype} [{string.Join(", ", saved.shape)}] but the model expects {target.dtype} [{string.Join(", ", target.shape)}]");
        }
        target.copy_(saved);
    }

    private static void ExpectCount(SafetensorsFile file, int expected, string what)
    {
        if (file.Entries.Count != expected)
        {
            throw new RefineSettingsError("resume", $"{file.Path} holds {file.Entries.Count} tensors; expected {expected} {what}");
        }
    }

    private static string ParameterName(int index) => "trainable." + index.ToString("D4", CultureInfo.InvariantCulture);

    private static string StateName(int index, string field) => "adamw." + index.ToString("D4", CultureInfo.InvariantCulture) + "." + field;
}
