using System.ComponentModel;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using Toolchain.Rl.Diagnostics;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages;
using Toolchain.Stages.Refine;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Running;

namespace Toolchain.Cli.Commands;

/// <summary>
/// Profiles refine's policy gradient per DDIM step on the FineTune model, before spending RL samples: a spec's
/// refine settings, or every arm of an RL comparison experiment.
/// </summary>
public sealed class RlProfileCommand : Command<RlProfileCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--spec <FILE>")]
        [Description("Dataset spec whose refine settings to profile (default dataset-specs/demo.yaml).")]
        public string? Spec { get; init; }

        [CommandOption("--experiment <FILE>")]
        [Description("Profile every arm of this RL comparison experiment instead of a spec.")]
        public string? Experiment { get; init; }

        [CommandOption("--cache <DIR>")]
        [Description("Stage cache folder (default: cache).")]
        public string Cache { get; init; } = "cache";

        [CommandOption("--samples-per-prompt <N>")]
        [Description("Trajectories per prompt, split into two halves for the split-half cosine (default 8).")]
        public int SamplesPerPrompt { get; init; } = 8;

        [CommandOption("--out <DIR>")]
        [Description("Where gradient-profile.csv and the lock files go (default: out/rl-profile-<spec or experiment name>).")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Spec is not null && Experiment is not null ? ValidationResult.Error("give --spec or --experiment, not both")
            : SamplesPerPrompt < 2 ? ValidationResult.Error("--samples-per-prompt must be at least 2 (half of the samples go in each half)")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string file = settings.Experiment ?? settings.Spec ?? "dataset-specs/demo.yaml";
        // Everything is loaded and validated before anything is written.
        var targets = settings.Experiment is null
            ? [(Path.GetFileNameWithoutExtension(file), SpecLoader.Load(file))]
            : Arms(RlComparisonSpec.Load(settings.Experiment));
        string output = settings.Out ?? Path.Combine("out", "rl-profile-" + Path.GetFileNameWithoutExtension(file));
        Directory.CreateDirectory(output);

        var runner = new PipelineRunner(StageCatalogue.Default(), new AnsiConsoleWriter(), ConsoleProgress.Create());
        var profiles = new List<(string Name, GradientProfile Profile)>();
        foreach (var (name, resolved) in targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The lock file goes with the profile, not beside the dataset spec.
            var spec = resolved with { SpecFile = Path.Combine(Path.GetFullPath(output), name + ".yaml") };
            var entries = runner.Run(spec, new RunOptions(settings.Cache, StageCatalog.TrainReward), cancellationToken)
                .ToDictionary(r => r.Stage, r => r.Entry.OutputsDirectory, StringComparer.Ordinal);
            var profile = RefineGradientProfile.Measure(spec, entries[StageCatalog.Finetune], entries[StageCatalog.TrainReward], RewardModels.Load, settings.SamplesPerPrompt);
            profiles.Add((name, profile));
            Console.Write(Describe(name, profile));
        }
        string csv = Path.Combine(output, RefineGradientProfile.CsvFile);
        File.WriteAllText(csv, RefineGradientProfile.Csv(profiles), new UTF8Encoding(false));
        Console.WriteLine($"profile: {csv}");
        return 0;
    }

    private static List<(string Name, ResolvedSpec Spec)> Arms(RlComparisonSpec experiment) =>
        experiment.ResolveArms().Select(a => (a.Arm.Name, a.Spec)).ToList();

    private static string Describe(string name, GradientProfile profile)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{name}: {profile.Samples} trajectories, mean reward {profile.RewardMean:F3}\n");
        text.Append("  timestep   gradient norm   share   split-half cosine\n");
        foreach (var step in profile.Steps)
        {
            text.Append(step.Adapted
                ? string.Create(CultureInfo.InvariantCulture, $"  {step.Timestep,8}   {step.GradientNorm,13:E2}   {step.Share,5:F3}   {step.SplitHalfCosine,17:F3}\n")
                : string.Create(CultureInfo.InvariantCulture, $"  {step.Timestep,8}   (adapters do not act here)\n"));
        }
        if (profile.Dominant is not { } dominant)
        {
            text.Append("  the adapters act at no step: refine would have nothing to train (see lora.min_timestep)\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  all adapted steps summed: split-half cosine {profile.SplitHalfCosine:F3}; step t={dominant.Timestep} carries {dominant.Share * 100:F1}% of the squared gradient (split-half cosine {dominant.SplitHalfCosine:F3})\n");
        }
        return text.ToString();
    }
}
