using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// A row an importer read without problems. <see cref="Record"/> is a draft: its FileName is empty (the writer
/// assigns it) and its Split is the source's official split, or empty when the source has none.
/// </summary>
public sealed record SourceRow(string File, int Line, CanonicalRecord Record, IImageSource Image);

/// <summary>What an importer read: every row without problems, and how many rows the source had.</summary>
public sealed record SourceScan(int RowsRead, IReadOnlyList<SourceRow> Rows);
