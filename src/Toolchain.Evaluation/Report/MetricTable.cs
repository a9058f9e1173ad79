namespace Toolchain.Evaluation.Report;

/// <summary>Which value of a column is best, for highlighting.</summary>
public enum BestValue
{
    None,
    Highest,
    Lowest,
}

/// <summary>A numeric column: header, .NET format string (rendered with the invariant culture) and which end is best.</summary>
public sealed record MetricColumn(string Header, string Format = "0.000", BestValue Best = BestValue.None);

/// <summary>
/// One cell: a value (null when not measured), optionally +- a spread (e.g. sd over seeds),
/// or free text that replaces the number (e.g. a confidence interval "[-0.02, 0.05]").
/// </summary>
public readonly record struct MetricCell(double? Value, double? Spread = null, string? Text = null)
{
    public static implicit operator MetricCell(double value) => new(value);

    public static MetricCell Missing => new(null);
}

public sealed record MetricRow(string Label, IReadOnlyList<MetricCell> Cells);

/// <summary>
/// Rows by columns of numbers, e.g. metrics per model or per-subgroup accuracy per arm.
/// The best value of each column that declares a direction is highlighted (ties are all highlighted).
/// </summary>
public sealed record MetricTable : ReportBlock
{
    public MetricTable(string? caption, string rowHeader, IReadOnlyList<MetricColumn> columns, IReadOnlyList<MetricRow> rows)
    {
        foreach (var row in rows)
        {
            if (row.Cells.Count != columns.Count)
            {
                throw new ArgumentException($"metric table row '{row.Label}' has {row.Cells.Count} cells for {columns.Count} columns");
            }
        }
        Caption = caption;
        RowHeader = rowHeader;
        Columns = columns;
        Rows = rows;
    }

    public string? Caption { get; }

    public string RowHeader { get; }

    public IReadOnlyList<MetricColumn> Columns { get; }

    public IReadOnlyList<MetricRow> Rows { get; }

    /// <summary>The best finite value of column <paramref name="column"/>, or null if it has no direction or no values.</summary>
    public double? BestOf(int column)
    {
        var best = Columns[column].Best;
        if (best == BestValue.None)
        {
            return null;
        }
        var values = Rows
            .Select(r => r.Cells[column].Value)
            .Where(v => v is { } x && double.IsFinite(x))
            .Select(v => v!.Value)
            .ToList();
        if (values.Count < 2)
        {
            // A single value is not "best" of anything.
            return null;
        }
        return best == BestValue.Highest ? values.Max() : values.Min();
    }
}
