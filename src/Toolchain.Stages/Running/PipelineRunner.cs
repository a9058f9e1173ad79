using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Diffusion.Runtime;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Keys;
using Toolchain.Pipeline.Locking;
using Toolchain.Pipeline.Status;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;

namespace Toolchain.Stages.Running;

/// <summary>
/// Runs a spec's pipeline stage by stage through the cache: a hit reuses the outputs, a miss runs
/// the stage into a temporary folder that the cache renames into place when complete. After each
/// stage the spec's lock file is rewritten, so an interrupted run still records what finished.
/// </summary>
public sealed class PipelineRunner
{
    private readonly StageRegistry registry;
    private readonly TextWriter console;
    private readonly IStageProgress progress;

    public PipelineRunner(StageRegistry registry, TextWriter console, IStageProgress? progress = null)
    {
        this.registry = registry;
        this.console = console;
        this.progress = progress ?? SilentProgress.Instance;
    }

    private static string ResumeDirectory(StageCache cache, string stage, CacheKey key) => CacheLayout.ResumeDirectory(cache.Root, stage, key);

    /// <summary>The lock file of a spec: beside it, like dvc.lock beside dvc.yaml.</summary>
    public static string LockFilePath(ResolvedSpec spec) => Path.ChangeExtension(spec.SpecFile, ".lock");

    public IReadOnlyList<StageRun> Run(ResolvedSpec spec, RunOptions options, CancellationToken cancellation = default)
    {
        var stages = StagesUpTo(spec, options.Until);
        var environment = EngineEnvironment.Configure(spec.Dataset.Runtime.Threads, spec.Dataset.Runtime.Device);
        var plan = PlanCompiler.Compile(spec, environment).Where(p => stages.Any(s => s.Name == p.Stage)).ToList();
        var cacheOptions = new StageCacheOptions
        {
            LockWait = options.LockWait,
            VerifyOnHit = options.Verify,
            Log = message => console.WriteLine($"cache: {message}"),
        };
        var cache = new StageCache(options.CacheRoot, cacheOptions);
        var verifyingCache = new StageCache(options.CacheRoot, cacheOptions with { VerifyOnHit = true });
        foreach (var forced in options.Force ?? new HashSet<string>())
        {
            if (plan.All(p => p.Stage != forced))
            {
                throw new ToolchainError($"--force {forced}: the pipeline has no stage '{forced}' up to {options.Until ?? "its end"}", exitCode: 2);
            }
        }

        // The release is published from its entry, so it is always rehashed before reuse, never only stat-checked.
        var rehashed = new HashSet<string>(StringComparer.Ordinal) { StageCatalog.Release };
        var toForce = new HashSet<string>(options.Force ?? new HashSet<string>(), StringComparer.Ordinal);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return RunPlan(spec, plan, environment, s => rehashed.Contains(s) ? verifyingCache : cache, toForce, cancellation);
            }
            catch (CorruptInputException corrupt) when (attempt < plan.Count)
            {
                // Rebuilding the entry may change its digest and so every key after it: run the plan again from the
                // start, now rehashing that stage's entry, which the cache then finds corrupt and rebuilds.
                console.WriteLine($"cache: {corrupt.Message}; rebuilding it");
                rehashed.Add(corrupt.Stage);
            }
        }
    }

    private List<StageRun> RunPlan(ResolvedSpec spec, IReadOnlyList<PlannedStage> plan, EngineEnvironment environment,
        Func<string, StageCache> cacheFor, HashSet<string> toForce, CancellationToken cancellation)
    {
        var lockPath = LockFilePath(spec);
        var lockFile = LockFile.ReadIfExists(lockPath) ?? LockFile.Empty;
        var outputs = new Dictionary<string, CacheEntry>(StringComparer.Ordinal);
        var runs = new List<StageRun>();
        foreach (var planned in plan)
        {
            cancellation.ThrowIfCancellationRequested();
            var stage = spec.GetStage(planned.Stage);
            var cache = cacheFor(stage.Name);
            var components = planned.TryResolve(upstream => outputs[upstream].OutputDigest)
                ?? throw new InvalidOperationException($"stage {planned.Stage} has an unresolved input");
            // Once per run, even when the plan is run again after a corrupt entry was found.
            if (toForce.Remove(stage.Name))
            {
                cache.Remove(stage.Name, components.Key);
            }

            var implementation = registry.Get(stage.Name);
            StageSummary? summary = null;
            var result = cache.Produce(components, outputDir =>
            {
                // A reused entry got a quick check; what a stage reads to produce new outputs is rehashed, so the
                // input digests in its key (and in the lock file) are those of the bytes it actually read.
                foreach (var dependency in stage.DependsOn)
                {
                    var input = outputs[dependency];
                    var verification = input.Manifest.Verify(input.OutputsDirectory);
                    if (!verification.IsValid)
                    {
                        throw new CorruptInputException(dependency,
                            $"cache entry {dependency}/{input.Key.Short}, an input of {stage.Name}, does not match its manifest: {verification.Describe().Replace("\n", "; ", StringComparison.Ordinal)}");
                    }
                }
                // Beside the entry, not in it: the log holds wall-clock times, and it survives a failed run.
                using var log = new StageLog(stage.Name, Path.Combine(cache.Root, stage.Name, $"{components.Key}.log"), console);
                log.Info($"running (key {components.Key.Short})");
                bool peakReset = PeakMemory.Reset();
                var inputs = stage.DependsOn.ToDictionary(d => d, d => outputs[d].OutputsDirectory, StringComparer.Ordinal);
                var context = new StageContext(spec, stage, outputDir, inputs, environment, ResumeDirectory(cache, stage.Name, components.Key), log, progress, cancellation);
                summary = implementation.Run(context);
                log.Info($"done in {log.Elapsed.TotalSeconds:F1}s, {PeakMemory.Describe(peakReset)}: {summary.Line}");
                return summary.Facts;
            }, cancellation);

            outputs[stage.Name] = result.Entry;
            var resume = ResumeDirectory(cache, stage.Name, components.Key);
            if (Directory.Exists(resume))
            {
                Directory.Delete(resume, recursive: true);
            }
            if (result.Outcome == ProduceOutcome.Hit)
            {
                console.WriteLine($"{stage.Name}: cached ({components.Key.Short})");
            }
            lockFile = lockFile.With(StageLockEntry.From(result.Entry));
            lockFile.Write(lockPath);
            runs.Add(new StageRun(stage.Name, result.Outcome, result.Entry, summary));
        }
        return runs;
    }

    /// <summary>What each stage would do now, and why.</summary>
    public static StatusReport Status(ResolvedSpec spec, string cacheRoot, IReadOnlySet<string>? force = null, bool verify = false)
    {
        var environment = EngineEnvironment.Configure(spec.Dataset.Runtime.Threads, spec.Dataset.Runtime.Device);
        var plan = PlanCompiler.Compile(spec, environment);
        return StatusReport.Compute(plan, LockFile.ReadIfExists(LockFilePath(spec)), new StageCache(cacheRoot), force, verify);
    }

    private static IReadOnlyList<ResolvedStage> StagesUpTo(ResolvedSpec spec, string? until)
    {
        if (until is null)
        {
            return spec.Stages;
        }
        int index = spec.Stages.ToList().FindIndex(s => string.Equals(s.Name, until, StringComparison.OrdinalIgnoreCase)
            || string.Equals(s.Name.Replace("_", "", StringComparison.Ordinal), until, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw new ToolchainError($"--until {until}: the pipeline '{spec.Pipeline.Name}' has no such stage (it has {string.Join(", ", spec.Stages.Select(s => s.Name))})", exitCode: 2);
        }
        return spec.Stages.Take(index + 1).ToList();
    }
}

/// <summary>One stage of a run: whether it was reused or produced, and its cache entry.</summary>
public sealed record StageRun(string Stage, ProduceOutcome Outcome, CacheEntry Entry, StageSummary? Summary);
