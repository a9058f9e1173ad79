using Toolchain.Cli.Tests.Fuzz;
using Toolchain.Diffusion.Runtime;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Keys;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Running;

namespace Toolchain.Cli.Tests.Reliability;

/// <summary>Two toolchain processes on one spec and cache: one waits for the other's lock (or fails clearly with --no-wait); the entry is never corrupted.</summary>
public sealed class ConcurrentRunTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string root = Directory.CreateTempSubdirectory("concurrent-").FullName;

    public ConcurrentRunTests() => RepoFiles.CopySpecs(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Spec => Path.Combine(root, "dataset-specs", "ci.yaml");

    private string Cache => Path.Combine(root, "cache");

    private CliProcess Start(params string[] extra) =>
        new(root, ["run", "--spec", Spec, "--cache", Cache, "--until", "prepare", .. extra]);

    private CacheKey PrepareKey()
    {
        var spec = SpecLoader.Load(Spec);
        var plan = PlanCompiler.Compile(spec, EngineEnvironment.Configure(spec.Dataset.Runtime.Threads, spec.Dataset.Runtime.Device));
        return plan.Single(p => p.Stage == "prepare").TryResolve(_ => null)!.Key;
    }

    [Fact]
    public void TwoRunsAtOnceProduceTheEntryOnceAndBothSucceed()
    {
        using var first = Start();
        using var second = Start();
        var a = first.Wait(Timeout);
        var b = second.Wait(Timeout);

        Assert.True(a.Code == 0, a.Stdout + a.Stderr);
        Assert.True(b.Code == 0, b.Stdout + b.Stderr);
        // Exactly one of them reused the other's entry.
        Assert.Single(new[] { a.Stdout, b.Stdout }, o => o.Contains("prepare: cached", StringComparison.Ordinal));
        var lookup = new StageCache(Cache).TryGet("prepare", PrepareKey(), verify: true);
        Assert.True(lookup.IsHit, lookup.Problem);
        Assert.Empty(Directory.GetDirectories(Path.Combine(Cache, "prepare"), ".tmp-*"));
    }

    [Fact]
    public void NoWaitFailsClearlyWhileAnotherRunHoldsTheLockAndWaitingSucceedsAfterIt()
    {
        var key = PrepareKey();
        Directory.CreateDirectory(Path.Combine(Cache, "prepare"));
        var lockPath = CacheLayout.LockPath(Path.GetFullPath(Cache), "prepare", key);
        var held = KeyLock.TryAcquire(lockPath)!;
        try
        {
            using var impatient = Start("--no-wait");
            var (code, _, stderr) = impatient.Wait(Timeout);
            Assert.Equal(1, code);
            Assert.Contains($"stage prepare key {key.Short} is locked by another run", stderr);
            Assert.DoesNotContain("   at ", stderr);

            using var patient = Start();
            patient.WaitForOutput("waiting for lock held by another run", Timeout);
            held.Dispose();
            var waited = patient.Wait(Timeout);
            Assert.True(waited.Code == 0, waited.Stdout + waited.Stderr);
            Assert.Contains("waiting for lock held by another run", waited.Stdout);
        }
        finally
        {
            held.Dispose();
        }
        Assert.True(new StageCache(Cache).TryGet("prepare", key, verify: true).IsHit);
    }
}
