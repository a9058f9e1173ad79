namespace Toolchain.Data.Importers;

/// <summary>
/// Reads one public dataset format into draft canonical records. Importers only read metadata and locate
/// images; decoding, resizing, splitting and writing are shared (<see cref="ImportRunner"/>). Every problem
/// goes to <see cref="ImportContext.Problems"/> with its file and line; rows with problems are left out.
/// </summary>
public interface IDatasetImporter
{
    /// <summary>The format name used on the command line and in specs, e.g. "ham10000".</summary>
    string Format { get; }

    SourceScan Scan(ImportContext context);
}
