using Toolchain.Core;

namespace Toolchain.Data.Importers;

/// <summary>The importers by format name, for the import command and the Prepare stage.</summary>
public static class ImporterRegistry
{
    private static readonly IReadOnlyList<IDatasetImporter> Importers =
    [
        new Rl4MedIsicImporter(), new Isic2019Importer(), new Ham10000Importer(), new Fitzpatrick17kImporter(),
        new DdiImporter(), new DermaMnistImporter(), new GenericCsvImporter(), new ImageFolderImporter(),
    ];

    public static IReadOnlyList<string> Formats { get; } = Importers.Select(i => i.Format).ToList();

    public static IDatasetImporter Get(string format) =>
        Importers.FirstOrDefault(i => i.Format == format)
        ?? throw new ToolchainError($"unknown dataset format '{format}' (formats: {string.Join(", ", Formats)})", 2);
}
