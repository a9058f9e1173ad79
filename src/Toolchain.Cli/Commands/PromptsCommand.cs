using Spectre.Console.Cli;
using Toolchain.Data.Canonical;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;

namespace Toolchain.Cli.Commands;

/// <summary>Lists every prompt and subgroup of a spec with real-image counts per split and quotas (runs Prepare through the cache if needed).</summary>
public sealed class PromptsCommand : Command<SpecSettings>
{
    public override int Execute(CommandContext context, SpecSettings settings, CancellationToken cancellationToken)
    {
        var spec = SpecLoader.Load(settings.Spec);
        var runner = new PipelineRunner(StageCatalogue.Default(), Console.Error);
        var prepare = runner.Run(spec, new RunOptions(settings.Cache, StageCatalog.Prepare), cancellationToken).Single();
        var dataset = CanonicalDatasetReader.Read(Path.Combine(prepare.Entry.OutputsDirectory, PrepareStage.DatasetFolder), checkFiles: false);
        Console.Write(PromptListing.Render(spec.Dataset, dataset));
        return 0;
    }
}
