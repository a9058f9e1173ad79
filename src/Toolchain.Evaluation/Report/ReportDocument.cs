namespace Toolchain.Evaluation.Report;

/// <summary>
/// The content of an evaluation report, independent of how it is rendered: the Evaluate and Retrain
/// stages fill it, <see cref="HtmlReportRenderer"/> turns it into a self-contained page.
/// </summary>
public sealed class ReportDocument
{
    private readonly List<ReportSection> _sections = [];

    public ReportDocument(string title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new ArgumentException("a report needs a title", nameof(title));
        }
        Title = title;
    }

    public string Title { get; }

    /// <summary>One line under the title, e.g. the spec name and version.</summary>
    public string? Subtitle { get; init; }

    public IReadOnlyList<ReportSection> Sections => _sections;

    /// <summary>Appends a section and returns it so blocks can be added to it.</summary>
    public ReportSection AddSection(string heading)
    {
        var section = new ReportSection(heading);
        _sections.Add(section);
        return section;
    }
}
