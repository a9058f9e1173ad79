using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Diffusion.Runtime;
using Toolchain.Specs.Loading;

namespace Toolchain.Stages.Running;

/// <summary>Everything a stage may read while it runs.</summary>
public sealed class StageContext
{
    public StageContext(
        ResolvedSpec spec,
        ResolvedStage stage,
        string outputDirectory,
        IReadOnlyDictionary<string, string> inputDirectories,
        EngineEnvironment environment,
        string resumeDirectory,
        StageLog log,
        IStageProgress progress,
        CancellationToken cancellation)
    {
        ResumeDirectory = resumeDirectory;
        Progress = progress;
        Spec = spec;
        Stage = stage;
        OutputDirectory = outputDirectory;
        InputDirectories = inputDirectories;
        Environment = environment;
        Log = log;
        Cancellation = cancellation;
    }

    public ResolvedSpec Spec { get; }

    public ResolvedStage Stage { get; }

    public JsonObject Settings => Stage.Settings;

    /// <summary>A temporary folder; the cache renames it into place when the stage returns.</summary>
    public string OutputDirectory { get; }

    /// <summary>Output folders of the stages this one depends on, by stage name.</summary>
    public IReadOnlyDictionary<string, string> InputDirectories { get; }

    public EngineEnvironment Environment { get; }

    public StageLog Log { get; }

    public IStageProgress Progress { get; }

    /// <summary>
    /// A folder for checkpoints that must survive a killed run (the temporary output folder does
    /// not): it is tied to the stage's cache key, so a rerun of the same key resumes from it.
    /// The runner deletes it once the entry is complete.
    /// </summary>
    public string ResumeDirectory { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>The outputs folder of an upstream stage this one depends on.</summary>
    public string Input(string stage) =>
        InputDirectories.TryGetValue(stage, out var dir)
            ? dir
            : throw new ToolchainError($"stage {Stage.Name} needs the outputs of stage {stage}, which its pipeline does not run before it", exitCode: 2);

    public string? OptionalInput(string stage) => InputDirectories.GetValueOrDefault(stage);

    /// <summary>A path inside the output folder, creating its parent folders.</summary>
    public string Output(params string[] relative)
    {
        var path = Path.Combine([OutputDirectory, .. relative]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
