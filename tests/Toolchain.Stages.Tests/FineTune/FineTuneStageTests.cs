using System.Globalization;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Stages.FineTune;
using Toolchain.Stages.Running;

namespace Toolchain.Stages.Tests.FineTune;

[Collection(TinyFineTuneCollection.Name)]
public class FineTuneStageTests(TinyFineTuneRun run)
{
    [Fact]
    public void WritesTheDocumentedOutputs()
    {
        var outputs = run.FineTune.OutputsDirectory;
        foreach (var file in new[]
        {
            "model/model_index.json", "model/unet/config.json", "model/unet/diffusion_pytorch_model.safetensors",
            "model/text_encoder/config.json", "model/text_encoder/model.safetensors", "model/tokenizer/vocab.json",
            "model/tokenizer/merges.txt", "model/tokenizer/special_tokens_map.json", "model/tokenizer/tokenizer_config.json",
            "model/scheduler/scheduler_config.json", "loss.csv", "loss.png", "samples/grid.png",
        })
        {
            Assert.True(File.Exists(Path.Combine(outputs, file)), file);
        }
        Assert.False(Directory.Exists(Path.Combine(outputs, "model", "vae")));
        Assert.False(Directory.Exists(Path.Combine(outputs, "lora")));

        // 168 train images in batches of 32: 6 steps per epoch; the loss falls from the first epoch to the last.
        var rows = File.ReadAllLines(Path.Combine(outputs, FineTuneStage.LossCsvFile));
        Assert.Equal("step,epoch,loss", rows[0]);
        var losses = rows.Skip(1).Select(r => r.Split(',')).Select(c => (Step: int.Parse(c[0], CultureInfo.InvariantCulture), Epoch: int.Parse(c[1], CultureInfo.InvariantCulture), Loss: double.Parse(c[2], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(TinyFineTuneRun.Epochs * 6, losses.Count);
        Assert.Equal(Enumerable.Range(1, losses.Count), losses.Select(l => l.Step));
        Assert.True(losses.Where(l => l.Epoch == TinyFineTuneRun.Epochs).Average(l => l.Loss) < losses.Where(l => l.Epoch == 1).Average(l => l.Loss));

        using var model = TextToImageModel.Load(Path.Combine(outputs, FineTuneStage.ModelFolder));
        Assert.Equal(16, model.TextEncoder.Config.HiddenSize);
        Assert.Equal([16, 32], model.Unet.Config.BlockOutChannels);
        Assert.Equal(16, model.TokenLength);
    }

    [Fact]
    public void KilledRunResumesFromTheLastEpochWithIdenticalFinalBytes()
    {
        string cache = Path.Combine(run.Workspace.Root, "cache-interrupted");
        using var cancellation = new CancellationTokenSource();
        // "Kill" the run once the first epoch's checkpoint is written: the next epoch sees the cancellation.
        var progress = new CancelAfterEpochs(1, cancellation);
        var interrupted = new PipelineRunner(StageCatalogue.Default(), TextWriter.Null, progress);
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Run(run.Spec, new RunOptions(cache, "finetune"), cancellation.Token));
        var resumeFolders = Directory.GetDirectories(Path.Combine(cache, "finetune"), "*.resume");
        Assert.Single(resumeFolders);

        var resumed = new PipelineRunner(StageCatalogue.Default(), TextWriter.Null).Run(run.Spec, new RunOptions(cache, "finetune"));
        var entry = resumed.Single(r => r.Stage == "finetune").Entry;
        Assert.Empty(Directory.GetDirectories(Path.Combine(cache, "finetune"), "*.resume"));
        TinyFineTuneRun.AssertSameFiles(run.FineTune.OutputsDirectory, entry.OutputsDirectory);
    }

    private sealed class CancelAfterEpochs(int epochs, CancellationTokenSource source) : IStageProgress
    {
        public IProgressTask Start(string description, double total) => new Task(description == "fine-tuning" ? epochs : int.MaxValue, source);

        private sealed class Task(int limit, CancellationTokenSource source) : IProgressTask
        {
            private double done;

            public void Increment(double amount = 1)
            {
                done += amount;
                if (done >= limit)
                {
                    source.Cancel();
                }
            }

            public void Describe(string description)
            {
            }

            public void Dispose()
            {
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TinyFineTuneCollection : ICollectionFixture<TinyFineTuneRun>
{
    public const string Name = "tiny fine-tune run";
}
