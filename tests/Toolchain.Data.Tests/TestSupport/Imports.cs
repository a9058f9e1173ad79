using Toolchain.Data.Canonical;
using Toolchain.Data.Importers;

namespace Toolchain.Data.Tests.TestSupport;

public static class Imports
{
    public const int Resolution = 16;

    public static (CanonicalDataset Dataset, ImportSummary Summary) Run(string format, string source, string output,
        BadRowPolicy policy = BadRowPolicy.Fail, string? images = null, IReadOnlyDictionary<string, string>? mapping = null)
    {
        return ImportRunner.Run(new ImportRequest
        {
            Format = format,
            Source = source,
            Output = output,
            Images = images,
            OnBadRows = policy,
            Resolution = Resolution,
            ColumnMapping = mapping ?? new Dictionary<string, string>(),
        });
    }

    /// <summary>Re-reads the written dataset strictly and checks every image is a square PNG of the resolution.</summary>
    public static CanonicalDataset Verify(CanonicalDataset written)
    {
        var read = CanonicalDatasetReader.Read(written.Folder);
        Assert.Equal(written.Records, read.Records);
        foreach (var record in read.Records)
        {
            var info = SixLabors.ImageSharp.Image.Identify(read.PathOf(record.FileName));
            Assert.Equal((Resolution, Resolution), (info.Width, info.Height));
        }
        return read;
    }

    public static Dictionary<string, int> CountBy(this IEnumerable<CanonicalRecord> records, Func<CanonicalRecord, string> key) =>
        records.GroupBy(key).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>No group_id appears in two splits.</summary>
    public static void AssertNoGroupCrossesSplits(IEnumerable<CanonicalRecord> records)
    {
        foreach (var group in records.Where(r => r.GroupId is not null).GroupBy(r => r.GroupId))
        {
            Assert.Single(group.Select(r => r.Split).Distinct());
        }
    }
}
