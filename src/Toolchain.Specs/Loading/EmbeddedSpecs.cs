namespace Toolchain.Specs.Loading;

/// <summary>
/// The default dataset spec (<c>dataset-specs/demo.yaml</c>) and its pipeline
/// (<c>pipelines/tiny-cpu.yaml</c>), embedded in this assembly for runs without a checkout.
/// </summary>
public static class EmbeddedSpecs
{
    public const string DemoSpec = "dataset-specs/demo.yaml";
    public const string DemoPipeline = "pipelines/tiny-cpu.yaml";

    /// <summary>Writes the demo spec and its pipeline under <paramref name="directory"/> in the repository layout; returns the spec's path.</summary>
    public static string WriteDemo(string directory)
    {
        foreach (var name in new[] { DemoSpec, DemoPipeline })
        {
            var target = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, Read(name));
        }
        return Path.Combine(directory, DemoSpec);
    }

    public static string Read(string name)
    {
        using var stream = typeof(EmbeddedSpecs).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from Toolchain.Specs.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
