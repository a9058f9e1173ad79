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

// Pipeline targets need only the CLI and its libraries; an up-to-date check of the test projects too
// would double a warm rerun's time.
Task("BuildCli").Does(() =>
{
    DotNetBuild("src/Toolchain.Cli/Toolchain.Cli.csproj", new DotNetBuildSettings { Configuration = configuration, NoLogo = true });
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
