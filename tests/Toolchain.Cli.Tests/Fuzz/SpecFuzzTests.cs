using Toolchain.Specs.Loading;
using Xunit.Abstractions;

namespace Toolchain.Cli.Tests.Fuzz;

/// <summary>Random mutations of the shipped specs and pipelines: SpecLoader.Load succeeds or throws a ToolchainError, never anything else, never hangs.</summary>
public sealed class SpecFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 400;
    private readonly string root = Directory.CreateTempSubdirectory("spec-fuzz-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void MutatedSpecsAreLoadedOrRejectedWithAToolchainError()
    {
        RepoFiles.CopySpecs(root);
        var targets = Directory.GetFiles(Path.Combine(root, "dataset-specs"), "*.yaml")
            .Concat(Directory.GetFiles(Path.Combine(root, "pipelines"), "*.yaml"))
            .Order(StringComparer.Ordinal).ToList();
        var originals = targets.ToDictionary(t => t, File.ReadAllText);
        var specs = targets.Where(t => t.Contains("dataset-specs", StringComparison.Ordinal)).ToList();
        var mutator = new Mutator(seed: 20240601);
        var kinds = new Dictionary<string, int>();
        int accepted = 0, rejected = 0;

        for (var n = 0; n < Cases; n++)
        {
            var target = targets[mutator.Next(targets.Count)];
            var (kind, text) = mutator.MutateText(originals[target]);
            File.WriteAllText(target, text);
            // A mutated pipeline is reached through a spec that names it (ci and demo use tiny-cpu).
            var spec = specs.Contains(target) ? target : specs[mutator.Next(specs.Count)];
            if (FuzzCase.Run($"case {n}: {kind} of {Path.GetFileName(target)}", () => SpecLoader.Load(spec))) accepted++;
            else rejected++;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            File.WriteAllText(target, originals[target]);
        }

        output.WriteLine($"spec fuzz: {Cases} mutations ({string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Value} {k.Key}"))}): {accepted} loaded, {rejected} rejected with a ToolchainError");
        Assert.True(rejected > Cases / 4, $"only {rejected} of {Cases} mutations were rejected: the mutations are too weak to test anything");
    }
}
