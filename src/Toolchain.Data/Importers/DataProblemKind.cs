namespace Toolchain.Data.Importers;

/// <summary>What is wrong with a piece of input data. The reason text is what skipped.csv and summaries show.</summary>
public enum DataProblemKind
{
    MissingImage,
    CorruptImage,
    NotAnImage,
    DecompressionBomb,
    UnsafeFile,
    UnknownLabel,
    InvalidValue,
    DuplicateId,
    InvalidEncoding,
    EmptyCsv,
    MissingColumn,
    MalformedCsv,
    MalformedArray,
}

public static class DataProblemKindText
{
    public static string Reason(this DataProblemKind kind) => kind switch
    {
        DataProblemKind.MissingImage => "missing image",
        DataProblemKind.CorruptImage => "corrupt image",
        DataProblemKind.NotAnImage => "not an image",
        DataProblemKind.DecompressionBomb => "decompression bomb",
        DataProblemKind.UnsafeFile => "not a regular file inside the source folder",
        DataProblemKind.UnknownLabel => "unknown label value",
        DataProblemKind.InvalidValue => "invalid value",
        DataProblemKind.DuplicateId => "duplicate id",
        DataProblemKind.InvalidEncoding => "invalid encoding",
        DataProblemKind.EmptyCsv => "empty csv",
        DataProblemKind.MissingColumn => "missing column",
        DataProblemKind.MalformedCsv => "malformed csv",
        DataProblemKind.MalformedArray => "malformed array file",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
