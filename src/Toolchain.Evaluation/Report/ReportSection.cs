namespace Toolchain.Evaluation.Report;

/// <summary>A headed part of the report (spec summary, image metrics, downstream classifier, ...), made of blocks in order.</summary>
public sealed class ReportSection
{
    private readonly List<ReportBlock> _blocks = [];

    public ReportSection(string heading)
    {
        if (string.IsNullOrWhiteSpace(heading))
        {
            throw new ArgumentException("a report section needs a heading", nameof(heading));
        }
        Heading = heading;
    }

    public string Heading { get; }

    public IReadOnlyList<ReportBlock> Blocks => _blocks;

    public ReportSection Add(ReportBlock block)
    {
        _blocks.Add(block);
        return this;
    }
}
