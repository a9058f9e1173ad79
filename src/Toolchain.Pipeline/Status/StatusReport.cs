using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Keys;
using Toolchain.Pipeline.Locking;

namespace Toolchain.Pipeline.Status;

/// <summary>
/// Says, for each stage of a plan, whether it is cached or will run and exactly why:
/// the changed key components against the previous lock file ("settings.epochs: 3 -> 4",
/// "input prepare changed", "environment.threads: 2 -> 4", "stage version 1 -> 2"),
/// "no previous run", "cache entry missing"/corrupt/incomplete, "forced", or an upstream
/// stage that will run first.
/// </summary>
public sealed class StatusReport
{
    private StatusReport(IReadOnlyList<StageStatus> stages) => Stages = stages;

    public IReadOnlyList<StageStatus> Stages { get; }

    public StageStatus this[string stage] =>
        Stages.FirstOrDefault(s => s.Stage == stage) ?? throw new KeyNotFoundException($"No stage '{stage}' in the status report.");

    /// <param name="plan">Stages in execution order; an input may only name an earlier stage.</param>
    /// <param name="previous">The last run's lock file, or null for a first run.</param>
    /// <param name="cache">Where entries are looked up (without locking).</param>
    /// <param name="force">Stages to rerun even if cached.</param>
    /// <param name="verify">Rehash cached outputs; a mismatch makes the stage rerun ("cache entry corrupt").</param>
    public static StatusReport Compute(
        IReadOnlyList<PlannedStage> plan,
        LockFile? previous,
        StageCache cache,
        IReadOnlySet<string>? force = null,
        bool verify = false)
    {
        var outputDigests = new Dictionary<string, string?>(StringComparer.Ordinal);
        var statuses = new List<StageStatus>();
        foreach (var unknown in (force ?? new HashSet<string>()).Where(f => plan.All(p => p.Stage != f)))
            throw new ToolchainError($"Cannot force stage '{unknown}': the plan has no such stage.", exitCode: 2);

        foreach (var stage in plan)
        {
            if (outputDigests.ContainsKey(stage.Stage))
                throw new ToolchainError($"The plan lists stage '{stage.Stage}' twice.", exitCode: 2);
            foreach (var (name, input) in stage.Inputs)
                if (input.UpstreamStage is { } upstream && !outputDigests.ContainsKey(upstream))
                    throw new ToolchainError($"Stage '{stage.Stage}' input '{name}' comes from stage '{upstream}', which is not earlier in the plan.", exitCode: 2);

            var status = Explain(stage, previous?.Stages.GetValueOrDefault(stage.Stage), cache, outputDigests,
                forced: force?.Contains(stage.Stage) == true, verify);
            outputDigests[stage.Stage] = status.OutputDigest;
            statuses.Add(status);
        }
        return new StatusReport(statuses);
    }

    /// <summary>One line per stage, in plan order.</summary>
    public string Describe() => string.Join("\n", Stages.Select(s => s.Describe()));

    private static StageStatus Explain(
        PlannedStage stage, StageLockEntry? locked, StageCache cache,
        IReadOnlyDictionary<string, string?> outputDigests, bool forced, bool verify)
    {
        var components = stage.TryResolve(up => outputDigests[up]);
        if (components is null)
        {
            var pending = stage.Inputs
                .Where(i => i.Value.UpstreamStage is { } up && outputDigests[up] is null)
                .OrderBy(i => i.Key, StringComparer.Ordinal)
                .ToList();
            var reasons = new List<string>();
            if (forced) reasons.Add("forced");
            reasons.AddRange(pending.Select(i => $"input {i.Key} comes from stage {i.Value.UpstreamStage}, which will run"));
            if (locked is not null)
            {
                // The other components can still be compared with the previous run.
                var pendingNames = pending.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
                reasons.AddRange(ComponentDiff.Describe(locked.Components, ResolveWithPrevious(stage, locked, outputDigests))
                    .Where(change => !pendingNames.Any(n => change.StartsWith($"input {n} ", StringComparison.Ordinal))));
            }
            return new StageStatus(stage.Stage, StageState.WillRun, null, null, reasons);
        }

        var lookup = cache.TryGet(stage.Stage, components.Key, verify);
        if (forced)
            return new StageStatus(stage.Stage, StageState.WillRun, components.Key, null, ["forced"]);
        if (lookup.IsHit)
            return new StageStatus(stage.Stage, StageState.Cached, components.Key, lookup.Entry!.OutputDigest, []);

        var why = new List<string>();
        if (locked is null)
        {
            why.Add("no previous run");
        }
        else
        {
            why.AddRange(ComponentDiff.Describe(locked.Components, components));
        }
        if (lookup.Status is CacheLookupStatus.Corrupt or CacheLookupStatus.Incomplete)
            why.Add(lookup.Problem!);
        else if (why.Count == 0)
            why.Add("cache entry missing");
        return new StageStatus(stage.Stage, StageState.WillRun, components.Key, null, why);
    }

    // Pending upstream inputs take the digest the previous run recorded for them, so the
    // comparison names only what else changed.
    private static StageKeyComponents ResolveWithPrevious(PlannedStage stage, StageLockEntry locked, IReadOnlyDictionary<string, string?> outputDigests)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, input) in stage.Inputs)
        {
            var digest = input.Digest
                ?? outputDigests[input.UpstreamStage!]
                ?? locked.Components.Inputs.GetValueOrDefault(name);
            if (digest is null) continue; // pending and new: reported above, not as "added"
            inputs[name] = digest;
        }
        return new StageKeyComponents(stage.Stage, stage.StageVersion, stage.Settings, inputs, stage.Seeds, stage.Environment);
    }
}
