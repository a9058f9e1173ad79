using System.Text.Json.Nodes;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Hashing;
using Toolchain.Pipeline.Locking;
using Toolchain.Pipeline.Status;

namespace Toolchain.Pipeline.Tests;

/// <summary>A two-stage plan (prepare -> finetune) with knobs for every key component, and a tiny runner.</summary>
public sealed record PlanFixture(
    int PrepareVersion = 1,
    int ImageSize = 64,
    int Epochs = 3,
    int Seed = 42,
    int Threads = 2,
    string RawDigestSource = "raw dataset v1")
{
    public IReadOnlyList<PlannedStage> Plan()
    {
        var environment = new JsonObject { ["libtorch"] = "2.10.0", ["device"] = "cpu", ["dtype"] = "float32", ["threads"] = Threads };
        return
        [
            new PlannedStage("prepare", PrepareVersion,
                new JsonObject { ["image_size"] = ImageSize },
                new Dictionary<string, StageInput> { ["raw"] = StageInput.OfDigest(Sha256Hex.OfString(RawDigestSource)) },
                new JsonObject(),
                (JsonObject)environment.DeepClone()),
            new PlannedStage("finetune", 1,
                new JsonObject { ["epochs"] = Epochs, ["lr"] = 1e-4 },
                new Dictionary<string, StageInput> { ["prepare"] = StageInput.OutputOf("prepare") },
                new JsonObject { ["seed"] = Seed },
                (JsonObject)environment.DeepClone()),
        ];
    }

    /// <summary>Runs (or reuses) every stage in order, as the stage runner would, and returns the lock file.</summary>
    public LockFile Run(StageCache cache)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lockFile = LockFile.Empty;
        foreach (var stage in Plan())
        {
            var components = stage.TryResolve(up => outputs[up])!;
            var result = cache.Produce(components, dir =>
                File.WriteAllText(Path.Combine(dir, "out.txt"), CanonicalJson.Serialize(components.Settings) + string.Join(",", components.Inputs.Values)));
            outputs[stage.Stage] = result.Entry.OutputDigest;
            lockFile = lockFile.With(StageLockEntry.From(result.Entry));
        }
        return lockFile;
    }
}
