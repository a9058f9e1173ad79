using System.Diagnostics;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Networks;
using Toolchain.Vision.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Vision.Tests;

public class MemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void ResidentMemoryStaysFlatAcrossEpochs()
    {
        var (images, labels) = SyntheticImages.Corners(256, 32, seed: 1);
        using (images)
        using (var model = new MultiLabelClassifier(MultiLabelClassifierConfig.Create(new BackboneConfig(Width: 8, Stages: 3), ["a", "b", "c", "d"]), new Generator(1)))
        {
            var resident = new List<long>();
            ClassifierTrainer.Train(model, images, labels, new TrainingOptions(Epochs: 8, BatchSize: 32, Seed: 2), _ =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                using var process = Process.GetCurrentProcess();
                resident.Add(process.WorkingSet64);
            });
            output.WriteLine("resident MB after each epoch: " + string.Join(" ", resident.Select(r => (r / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture))));
            // Epochs 1-2 warm up allocator pools and optimizer state; after that growth must stay under 5%.
            double growth = (double)(resident[^1] - resident[2]) / resident[2];
            Assert.True(growth < 0.05, $"resident memory grew {growth:P1} from epoch 3 to epoch 8");
        }
    }
}
