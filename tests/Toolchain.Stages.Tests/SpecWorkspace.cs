namespace Toolchain.Stages.Tests;

/// <summary>
/// A temporary copy of the repository's dataset-specs/ and pipelines/ (so runs write their lock
/// files and caches there, never into the repository), with helpers to edit a spec.
/// </summary>
public sealed class SpecWorkspace : IDisposable
{
    public SpecWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("toolchain-stages-").FullName;
        foreach (var folder in new[] { "dataset-specs", "pipelines" })
        {
            Directory.CreateDirectory(Path.Combine(Root, folder));
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot, folder), "*.yaml"))
            {
                File.Copy(file, Path.Combine(Root, folder, Path.GetFileName(file)));
            }
        }
        Cache = Path.Combine(Root, "cache");
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public string Root { get; }

    public string Cache { get; }

    public string Spec(string name) => Path.Combine(Root, "dataset-specs", name + ".yaml");

    /// <summary>Appends YAML to a spec (e.g. to add an override).</summary>
    public void Append(string name, string yaml) => File.AppendAllText(Spec(name), "\n" + yaml + "\n");

    public void Replace(string name, string oldText, string newText)
    {
        var text = File.ReadAllText(Spec(name));
        Assert.Contains(oldText, text);
        File.WriteAllText(Spec(name), text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Toolchain.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("repository root (Toolchain.sln) not found above " + AppContext.BaseDirectory);
    }
}
