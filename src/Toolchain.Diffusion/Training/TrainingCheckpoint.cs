using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Toolchain.Core.Files;
using Toolchain.Diffusion.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Training;

/// <summary>One logged training step: global step, epoch and loss.</summary>
public sealed record LossRecord(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("loss")] float Loss);

/// <summary>What a training checkpoint remembers besides tensors.</summary>
public sealed record TrainingProgress(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("epochs_completed")] int EpochsCompleted,
    [property: JsonPropertyName("steps_taken")] long StepsTaken,
    [property: JsonPropertyName("losses")] IReadOnlyList<LossRecord> Losses)
{
    public const int CurrentFormat = 1;
}

/// <summary>
/// The end-of-epoch checkpoint that lets a killed training run resume bit-exactly: the trainable parameters
/// (in <see cref="TextToImageTrainer.Trainable"/> order), AdamW's step counts and moments, the moving average
/// when the trainer keeps one, and the progress
/// (epochs done, optimizer steps, the loss log). Generators need no saving: each epoch's is derived from the
/// seed and the epoch number. The tensors are written first and the progress file last, by rename, so a
/// folder with a progress file always holds a complete checkpoint.
/// </summary>
public static class TrainingCheckpoint
{
    public const string ProgressFile = "progress.json";
    public const string ParametersFile = "trainable.safetensors";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string EmaFile = "ema.safetensors";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, ProgressFile));

    public static void Save(string directory, TextToImageTrainer trainer, TrainingProgress progress)
    {
        Directory.CreateDirectory(directory);
        string progressPath = Path.Combine(directory, ProgressFile);
        // A stale progress file must not vouch for half-written tensors.
        File.Delete(progressPath);
        var parameters = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < trainer.Trainable.Count; i++)
        {
            parameters[ParameterName(i)] = trainer.Trainable[i];
        }
        SafetensorsWriter.Save(Path.Combine(directory, ParametersFile), parameters);
        using (var scope = NewDisposeScope())
        {
            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var states = AdamStates(trainer);
            for (int i = 0; i < states.Count; i++)
            {
                tensors[StateName(i, "step")] = tensor(new[] { states[i].step }, ScalarType.Int64);
                tensors[StateName(i, "exp_avg")] = states[i].exp_avg;
                tensors[StateName(i, "exp_avg_sq")] = states[i].exp_avg_sq;
            }
            SafetensorsWriter.Save(Path.Combine(directory, OptimizerFile), tensors);
        }
        if (trainer.Ema is { } ema)
        {
            SafetensorsWriter.Save(Path.Combine(directory, EmaFile),
                Enumerable.Range(0, ema.Shadow.Count).ToDictionary(ParameterName, i => ema.Shadow[i], StringComparer.Ordinal));
        }
        AtomicFile.WriteAllText(progressPath, JsonSerializer.Serialize(progress, Json));
    }

    /// <summary>Copies the checkpoint into the trainer's parameters and optimizer and returns its progress.</summary>
    public static TrainingProgress Load(string directory, TextToImageTrainer trainer)
    {
        string progressPath = Path.Combine(directory, ProgressFile);
        TrainingProgress progress;
        try
        {
            progress = JsonSerializer.Deserialize<TrainingProgress>(File.ReadAllText(progressPath), Json)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new WeightsFormatError($"{progressPath}: not a training checkpoint ({e.Message})");
        }
        if (progress.Format != TrainingProgress.CurrentFormat)
        {
            throw new WeightsFormatError($"{progressPath}: format {progress.Format}, this build reads {TrainingProgress.CurrentFormat}");
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using (var file = SafetensorsFile.Open(Path.Combine(directory, ParametersFile)))
        {
            Expect(file, trainer.Trainable.Count);
            for (int i = 0; i < trainer.Trainable.Count; i++)
            {
                CopyInto(file, ParameterName(i), trainer.Trainable[i]);
            }
        }
        using (var file = SafetensorsFile.Open(Path.Combine(directory, OptimizerFile)))
        {
            var states = AdamStates(trainer);
            Expect(file, 3 * states.Count);
            for (int i = 0; i < states.Count; i++)
            {
                states[i].step = file.Read(StateName(i, "step")).item<long>();
                CopyInto(file, StateName(i, "exp_avg"), states[i].exp_avg);
                CopyInto(file, StateName(i, "exp_avg_sq"), states[i].exp_avg_sq);
            }
        }
        if (trainer.Ema is { } ema)
        {
            string emaPath = Path.Combine(directory, EmaFile);
            if (!File.Exists(emaPath))
            {
                throw new WeightsFormatError($"{directory}: the training keeps a moving average of the weights but the checkpoint has no {EmaFile}; it belongs to another configuration");
            }
            using var file = SafetensorsFile.Open(emaPath);
            Expect(file, ema.Shadow.Count);
            for (int i = 0; i < ema.Shadow.Count; i++)
            {
                CopyInto(file, ParameterName(i), ema.Shadow[i]);
            }
        }
        trainer.StepsTaken = progress.StepsTaken;
        return progress;
    }

    private static List<AdamW.State> AdamStates(TextToImageTrainer trainer)
    {
        // state_dict() exposes the optimizer's live per-parameter states, in parameter order.
        var states = trainer.Optimizer.state_dict().State.Cast<AdamW.State>().ToList();
        if (states.Count != trainer.Trainable.Count)
        {
            throw new InvalidOperationException($"the optimizer tracks {states.Count} parameters, the trainer {trainer.Trainable.Count}");
        }
        return states;
    }

    private static void Expect(SafetensorsFile file, int count)
    {
        if (file.Entries.Count != count)
        {
            throw new WeightsFormatError($"{file.Path}: holds {file.Entries.Count} tensors, the model being trained needs {count}; the checkpoint belongs to another configuration");
        }
    }

    private static void CopyInto(SafetensorsFile file, string name, Tensor target)
    {
        var saved = file.Read(name);
        if (!saved.shape.SequenceEqual(target.shape) || saved.dtype != target.dtype)
        {
            throw new WeightsFormatError($"{file.Path}: '{name}' is {saved.dtype} [{string.Join(", ", saved.shape)}], the model has {target.dtype} [{string.Join(", ", target.shape)}]");
        }
        target.copy_(saved);
    }

    private static string ParameterName(int index) => "trainable." + index.ToString("D4", CultureInfo.InvariantCulture);

    private static string StateName(int index, string field) => "adamw." + index.ToString("D4", CultureInfo.InvariantCulture) + "." + field;
}
