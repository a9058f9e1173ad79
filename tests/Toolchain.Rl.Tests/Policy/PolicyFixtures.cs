namespace Toolchain.Rl.Tests.Policy;

/// <summary>The shared reference fixtures (/work/shared/fixtures, or TOOLCHAIN_FIXTURES).</summary>
public static class PolicyFixtures
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Root { get; } = Locate();

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("TOOLCHAIN_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Toolchain.sln")))
            {
                var candidate = System.IO.Path.Combine(dir.Parent!.FullName, "shared", "fixtures");
                return Directory.Exists(candidate)
                    ? candidate
                    : throw new DirectoryNotFoundException($"reference fixtures not found at {candidate}; set TOOLCHAIN_FIXTURES");
            }
        }
        throw new DirectoryNotFoundException("repository root (Toolchain.sln) not found above " + AppContext.BaseDirectory);
    }
}
