namespace Toolchain.Cli.Tests.Fuzz;

/// <summary>Files of the repository the tests start from (found above the test assembly).</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Copies dataset-specs/ and pipelines/ into <paramref name="target"/>.</summary>
    public static void CopySpecs(string target)
    {
        foreach (var folder in new[] { "dataset-specs", "pipelines" })
        {
            Directory.CreateDirectory(System.IO.Path.Combine(target, folder));
            foreach (var file in Directory.GetFiles(Path(folder), "*.yaml"))
            {
                File.Copy(file, System.IO.Path.Combine(target, folder, System.IO.Path.GetFileName(file)));
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Toolchain.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("repository root (Toolchain.sln) not found above " + AppContext.BaseDirectory);
    }
}
