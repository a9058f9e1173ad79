// Thin Cake layer: every task builds what it needs (the CLI, or the whole solution for Test) and calls
// one command of the `toolchain` CLI, where all the logic lives (and is tested).

// Paths (solution, --spec, --release) are relative to the repository root, not to build/.
Context.Environment.WorkingDirectory = MakeAbsolute(Directory(".."));

var target = Argument("target", "Augment");
var spec = Argument("spec", "dataset-specs/demo.yaml");
var configuration = Argument("configuration", "Release");
var force = Argument("force", "");
var verify = HasArgument("verify");
var release = Argument("release", "");
var cliDll = $"src/Toolchain.Cli/bin/{configuration}/net10.0/toolchain.dll";

void Toolchain(params string[] args)
{
    var builder = new ProcessArgumentBuilder().Append(cliDll);
    foreach (var arg in args) builder.AppendQuoted(arg);
    var exit = StartProcess("dotnet", new ProcessSettings { Arguments = builder });
    if (exit != 0) throw new CakeException(exit, $"toolchain {string.Join(" ", args)} failed with exit code {exit}");
}

string[] RunArgs(string until)
{
    var args = new List<string> { "run", "--spec", spec };
    if (until != null) { args.Add("--until"); args.Add(until); }
    if (!string.IsNullOrEmpty(force)) { args.Add("--force"); args.Add(force); }
    if (verify) args.Add("--verify");
    return args.ToArray();
}

Task("Build").Description("Builds the whole solution, tests included.").Does(() =>
{
    DotNetBuild("Toolchain.sln", new DotNetBuildSettings { Configuration = configuration, NoLogo = true });
});

// Newest write time of anything that goes into the CLI build: sources, projects, the shared props and
// targets. Folders count too, so deleting or renaming a file is seen. bin/ and obj/ are build outputs.
DateTime NewestBuildInput()
{
    var newest = DateTime.MinValue;
    void Visit(string folder)
    {
        newest = Max(newest, System.IO.Directory.GetLastWriteTimeUtc(folder));
        foreach (var file in System.IO.Directory.EnumerateFiles(folder)) newest = Max(newest, System.IO.File.GetLastWriteTimeUtc(file));
        foreach (var sub in System.IO.Directory.EnumerateDirectories(folder))
        {
            var name = System.IO.Path.GetFileName(sub);
            if (name != "bin" && name != "obj") Visit(sub);
        }
    }
    Visit("src");
    foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "build/TorchSharpNativePatch.targets" })
    {
        newest = Max(newest, System.IO.File.GetLastWriteTimeUtc(file));
    }
    return newest;
}

DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

// Pipeline targets need only the CLI and its libraries. MSBuild's own no-op build of them takes ~6 s, most
// of a warm rerun, so it is skipped when the newest build input is the one the last successful build saw
// (recorded in a stamp beside the CLI); --rebuild forces it.
Task("BuildCli").Does(() =>
{
    var stamp = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(cliDll), ".inputs-stamp"));
    var inputs = NewestBuildInput().Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
    if (!HasArgument("rebuild") && System.IO.File.Exists(cliDll) && System.IO.File.Exists(stamp) && System.IO.File.ReadAllText(stamp) == inputs)
    {
        Information("toolchain CLI is up to date (no source, project or props file changed since its last build)");
        return;
    }
    DotNetBuild("src/Toolchain.Cli/Toolchain.Cli.csproj", new DotNetBuildSettings { Configuration = configuration, NoLogo = true });
    // Read again after the build: a first build creates bin/ and obj/, which changes its project folders' write
    // times, and a stamp taken before would make the next run rebuild for nothing.
    System.IO.File.WriteAllText(stamp, NewestBuildInput().Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
});

Task("Test").IsDependentOn("Build").Does(() =>
{
    DotNetTest("Toolchain.sln", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoLogo = true,
    });
});

foreach (var stage in new[] { "Prepare", "FineTune", "TrainReward", "Refine", "Sample", "Filter", "Evaluate", "Retrain", "Release" })
{
    var name = stage;
    Task(name).Description($"Runs the pipeline up to {name} (earlier stages come from the cache when unchanged).")
        .IsDependentOn("BuildCli").Does(() => Toolchain(RunArgs(name)));
}

Task("Augment").Description("Every stage the spec's pipeline defines.").IsDependentOn("BuildCli").Does(() => Toolchain(RunArgs(null)));
Task("Status").Description("For each stage: cached, or why it will run.").IsDependentOn("BuildCli").Does(() => Toolchain("status", "--spec", spec));
Task("Validate").IsDependentOn("BuildCli").Does(() => Toolchain("validate", spec));
Task("Gc").Description("Removes cache entries no lock file references.").IsDependentOn("BuildCli").Does(() => Toolchain("gc"));
Task("Audit").IsDependentOn("BuildCli").Does(() =>
{
    if (string.IsNullOrEmpty(release)) throw new CakeException(2, "Audit needs --release=<release folder>");
    Toolchain("audit", release);
});

RunTarget(target);
