using ApprovalTests;
using ApprovalTests.Reporters;
using Toolchain.Data.Canonical;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Tests.Prepare;

[UseReporter(typeof(QuietReporter))]
public class PrepareStageTests
{
    [Fact]
    public void DemoDatasetSummaryAndPromptListing()
    {
        using var workspace = new SpecWorkspace();
        var spec = SpecLoader.Load(workspace.Spec("demo"));
        var run = new PipelineRunner(StageCatalogue.Default(), TextWriter.Null).Run(spec, new RunOptions(workspace.Cache, "prepare")).Single();
        var outputs = run.Entry.OutputsDirectory;
        var dataset = CanonicalDatasetReader.Read(Path.Combine(outputs, PrepareStage.DatasetFolder));

        // Every record's masks agree with its labels, and the judge split is disjoint from training.
        foreach (var record in dataset.Records)
        {
            Assert.NotNull(record.Masks.Get(MaskFiles.Lesion));
            Assert.Equal(record.Labels.Ink == true, record.Masks.Get(BinaryLabels.Ink) is not null);
            Assert.Equal(record.Labels.Hair == true, record.Masks.Get(BinaryLabels.Hair) is not null);
        }
        Assert.Contains(dataset.Records, r => r.Split == SplitNames.Judge);

        var summary = File.ReadAllText(Path.Combine(outputs, PrepareStage.SummaryFile));
        Approvals.Verify(summary + "\n" + PromptListing.Render(spec.Dataset, dataset));
    }
}
