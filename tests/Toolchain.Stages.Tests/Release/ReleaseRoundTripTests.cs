using Toolchain.Data.Canonical;
using Toolchain.Data.Importers;

namespace Toolchain.Stages.Tests.Release;

/// <summary>A release is a dataset in the Python ecosystem's layout: it imports back through the imagefolder importer.</summary>
[Collection(ReleasedWorkspaceCollection.Name)]
public class ReleaseRoundTripTests(ReleasedWorkspace released)
{
    [Fact]
    public void AReleaseImportsBackAsAnImageFolderDataset()
    {
        var output = Path.Combine(released.Workspace.Root, "reimported-" + Guid.NewGuid().ToString("N"));

        var (dataset, _) = ImportRunner.Run(new ImportRequest { Format = ImageFolderImporter.Name, Source = released.Folder, Output = output, Resolution = 8 });

        var records = dataset.Records.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(12, records.Count);
        var melInk = records.Where(r => r.Id.StartsWith("mel-ink-", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, melInk.Count);
        Assert.All(melInk, r => Assert.Equal(DiagnosisCodes.Melanoma, r.Diagnosis));
        Assert.All(melInk, r => Assert.True(r.Labels.Get(BinaryLabels.Ink)));
        Assert.All(melInk, r => Assert.False(r.Labels.Get(BinaryLabels.Hair)));
        var nvHair = records.Except(melInk).ToList();
        Assert.All(nvHair, r => Assert.Equal(DiagnosisCodes.Nevus, r.Diagnosis));
        Assert.All(nvHair, r => Assert.True(r.Labels.Get(BinaryLabels.Hair)));
        // Every released image came back as a canonical image file.
        Assert.All(records, r => Assert.True(File.Exists(Path.Combine(output, r.FileName)), r.FileName));
    }
}
