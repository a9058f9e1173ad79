using Toolchain.Diffusion.Runtime;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Running;

namespace Toolchain.Stages.Tests.Rewards;

/// <summary>
/// Runs one stage directly on given upstream folders, outside the cache, so a stage can be tested before
/// the stages between it and prepare exist, or on fabricated inputs.
/// </summary>
public static class StageHarness
{
    /// <summary>Prepare's outputs for a spec, produced through the real runner and cache.</summary>
    public static string Prepare(ResolvedSpec spec, string cache) =>
        new PipelineRunner(StageCatalogue.Default(), TextWriter.Null).Run(spec, new RunOptions(cache, "prepare")).Single().Entry.OutputsDirectory;

    public static string Run(IStage stage, ResolvedSpec spec, IReadOnlyDictionary<string, string> inputs, string output, TextWriter? console = null)
    {
        Directory.CreateDirectory(output);
        var environment = EngineEnvironment.Configure(spec.Dataset.Runtime.Threads, spec.Dataset.Runtime.Device);
        using var log = new StageLog(stage.Name, null, console ?? TextWriter.Null);
        var context = new StageContext(spec, spec.GetStage(stage.Name), output, inputs, environment,
            Path.Combine(output + ".resume"), log, SilentProgress.Instance, CancellationToken.None);
        stage.Run(context);
        return output;
    }

    /// <summary>Relative path to SHA-256 of every file under a folder, for byte-for-byte comparisons.</summary>
    public static IReadOnlyDictionary<string, string> Digests(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToDictionary(
                f => Path.GetRelativePath(folder, f).Replace('\\', '/'),
                f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
