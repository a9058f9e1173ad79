using System.Text.Json;
using Toolchain.Rl.Training;

namespace Toolchain.Stages.Refine;

/// <summary>
/// The last complete epoch's checkpoint in the stage's resume folder: <c>checkpoint/</c> holds the trainer's
/// checkpoint plus the epoch reports so far. A new one is written to <c>checkpoint.partial/</c> and swapped in by
/// renames, so a kill at any moment leaves one complete checkpoint (<c>checkpoint/</c>, or <c>checkpoint.previous/</c>
/// when the kill fell between the two renames).
/// </summary>
public sealed class RefineCheckpoints(string resumeDirectory)
{
    public const string HistoryFile = "epoch-reports.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private string Current => Path.Combine(resumeDirectory, "checkpoint");

    private string Partial => Path.Combine(resumeDirectory, "checkpoint.partial");

    private string Previous => Path.Combine(resumeDirectory, "checkpoint.previous");

    /// <summary>The folder of the newest complete checkpoint, or null when there is none.</summary>
    public string? Latest() => new[] { Current, Previous }.FirstOrDefault(IsComplete);

    public void Save(IRefineTrainer trainer, IReadOnlyList<EpochReport> history)
    {
        Directory.CreateDirectory(resumeDirectory);
        if (Directory.Exists(Partial))
        {
            Directory.Delete(Partial, recursive: true);
        }
        trainer.SaveCheckpoint(Partial);
        File.WriteAllText(Path.Combine(Partial, HistoryFile), JsonSerializer.Serialize(history, Json));
        if (Directory.Exists(Current))
        {
            if (Directory.Exists(Previous))
            {
                Directory.Delete(Previous, recursive: true);
            }
            Directory.Move(Current, Previous);
        }
        Directory.Move(Partial, Current);
        if (Directory.Exists(Previous))
        {
            Directory.Delete(Previous, recursive: true);
        }
    }

    /// <summary>Restores the trainer from <paramref name="folder"/> and returns the epoch reports it recorded.</summary>
    public static List<EpochReport> Restore(string folder, IRefineTrainer trainer)
    {
        trainer.LoadCheckpoint(folder);
        string path = Path.Combine(folder, HistoryFile);
        try
        {
            var history = JsonSerializer.Deserialize<List<EpochReport>>(File.ReadAllText(path), Json)
                ?? throw new JsonException("empty document");
            if (history.Count != trainer.EpochsCompleted)
            {
                throw new RefineSettingsError("resume", $"{path} records {history.Count} epochs but the checkpoint completed {trainer.EpochsCompleted}");
            }
            return history;
        }
        catch (JsonException e)
        {
            throw new RefineSettingsError("resume", $"{path} is not a list of epoch reports ({e.Message})");
        }
    }

    private static bool IsComplete(string folder) =>
        File.Exists(Path.Combine(folder, DdpoCheckpoint.StateFile)) && File.Exists(Path.Combine(folder, HistoryFile));
}
