using System.Globalization;
using Toolchain.Diffusion.Runtime;
using Toolchain.Stages.Running;
using Toolchain.Stages.Sample;
using Toolchain.Stages.Tests.FineTune;

namespace Toolchain.Stages.Tests.Sample;

[Collection(TinyFineTuneCollection.Name)]
public class SampleStageTests(TinyFineTuneRun run)
{
    private string RunSample(string name)
    {
        var spec = run.Spec;
        var output = Path.Combine(run.Workspace.Root, name);
        Directory.CreateDirectory(output);
        var inputs = new Dictionary<string, string>
        {
            ["prepare"] = run.Prepare.OutputsDirectory,
            ["finetune"] = run.FineTune.OutputsDirectory,
        };
        using var log = new StageLog("sample", null, TextWriter.Null);
        var context = new StageContext(spec, spec.GetStage("sample"), output, inputs,
            EngineEnvironment.Configure(spec.Dataset.Runtime.Threads, spec.Dataset.Runtime.Device),
            Path.Combine(run.Workspace.Root, name + ".resume"), log, SilentProgress.Instance, CancellationToken.None);
        new SampleStage().Run(context);
        return output;
    }

    [Fact]
    public void TwoRunsGiveIdenticalBytesAndTheOversampledQuotaPerSubgroup()
    {
        var first = RunSample("sample-a");
        var second = RunSample("sample-b");
        TinyFineTuneRun.AssertSameFiles(first, second);

        var rows = File.ReadAllLines(Path.Combine(first, SampleStage.SamplesCsvFile));
        Assert.Equal(SamplesCsv.Header, rows[0]);
        // ci.yaml: mel-ink count 8, nv-hair count 4, oversample 2; no rare-cell quota.
        var bySubgroup = rows.Skip(1).GroupBy(r => r.Split(',')[1]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["mel-ink"] = 16, ["nv-hair"] = 8 }, bySubgroup);
        Assert.Equal(24, Directory.GetFiles(Path.Combine(first, SampleStage.ImagesFolder), "*.png", SearchOption.AllDirectories).Length);
        Assert.True(File.Exists(Path.Combine(first, SampleStage.GridFile)));

        // Every row names its file, a distinct seed and the sampler settings.
        var seeds = rows.Skip(1).Select(r => ulong.Parse(r.Split(',')[^5], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
        Assert.All(rows.Skip(1), r => Assert.EndsWith(",3,8,0", r));
        Assert.True(File.Exists(Path.Combine(first, "images", "mel-ink", "0000.png")));
    }
}
