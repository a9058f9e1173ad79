using Toolchain.Specs.Loading;
using Toolchain.Specs.Validation;

namespace Toolchain.Specs.Tests;

/// <summary>A throw-away folder with a spec and pipeline laid out like the repository (dataset-specs/, pipelines/).</summary>
internal sealed class SpecFiles : IDisposable
{
    public SpecFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "toolchain-specs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string SpecPath => Path.Combine(Root, "dataset-specs", "spec.yaml");

    public string PipelinePath => Path.Combine(Root, "pipelines", "pipe.yaml");

    public SpecFiles Spec(string yaml) => Write(SpecPath, yaml);

    public SpecFiles Pipeline(string yaml) => Write(PipelinePath, yaml);

    public ResolvedSpec Load() => SpecLoader.Load(SpecPath);

    public IReadOnlyList<SpecError> Errors() => Assert.Throws<SpecValidationException>(Load).Errors;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private SpecFiles Write(string path, string yaml)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
        return this;
    }

    /// <summary>A small valid pipeline with every stage.</summary>
    public const string MinimalPipeline = """
        name: pipe
        stages:
          prepare: {}
          finetune: {}
          train_reward: {}
          refine:
            epochs: 4
            samples_per_epoch: 16
            batch_size: 4
          sample: {}
          filter: {}
          evaluate: {}
          retrain: {}
          release: {}
        """;

    /// <summary>A small valid procedural spec using <see cref="MinimalPipeline"/>.</summary>
    public const string MinimalSpec = """
        name: spec
        seed: 3
        pipeline: ../pipelines/pipe.yaml
        data:
          source: procedural
        subgroups:
          - name: mel-ink
            where: {MEL: true, ink: true}
        quotas:
          - {subgroup: mel-ink, count: 5}
        release:
          version: 1.0.0
        """;
}

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Toolchain.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Toolchain.sln not found above the test output folder.");
    }
}
