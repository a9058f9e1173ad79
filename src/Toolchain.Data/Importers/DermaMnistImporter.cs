using System.IO.Compression;
using Toolchain.Core;
using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// DermaMNIST (MedMNIST): an .npz (a zip of .npy arrays) with <c>train_images</c> (N,H,W,3) uint8 and
/// <c>train_labels</c> (N,1) or (N,) integers, and the same for <c>val_</c> and <c>test_</c>; H = W = 28, 64, 128
/// or 224. Labels 0-6 are HAM10000's classes in order akiec, bcc, bkl, df, mel, nv, vasc. Its own
/// train/val/test split is kept as the official split. Arrays are held in memory (224 px: about 1.5 GB).
/// </summary>
public sealed class DermaMnistImporter : IDatasetImporter
{
    public const string Name = "dermamnist";

    private static readonly string[] Classes =
    [
        DiagnosisCodes.ActinicKeratosis, DiagnosisCodes.BasalCellCarcinoma, DiagnosisCodes.BenignKeratosis,
        DiagnosisCodes.Dermatofibroma, DiagnosisCodes.Melanoma, DiagnosisCodes.Nevus, DiagnosisCodes.Vascular,
    ];

    private static readonly int[] Sizes = [28, 64, 128, 224];

    private static readonly (string Prefix, string Split)[] Splits =
        [("train", SplitNames.Train), ("val", SplitNames.Val), ("test", SplitNames.Test)];

    public string Format => Name;

    public SourceScan Scan(ImportContext context)
    {
        var npzPath = ResolveNpz(context);
        var display = context.Display(npzPath);
        using var archive = OpenZip(npzPath, display, context);
        if (archive is null)
        {
            return new SourceScan(0, []);
        }
        var rows = new List<SourceRow>();
        var rowsRead = 0;
        foreach (var (prefix, split) in Splits)
        {
            var images = ReadArray(archive, $"{prefix}_images.npy", display, context.Problems);
            var labels = ReadArray(archive, $"{prefix}_labels.npy", display, context.Problems);
            if (images is null || labels is null || !CheckShapes(images, labels, display, prefix, context.Problems))
            {
                continue;
            }
            var count = (int)images.Shape[0];
            var side = (int)images.Shape[1];
            var imageBytes = side * side * 3;
            var labelFile = $"{display}/{prefix}_labels.npy";
            rowsRead += count;
            for (var i = 0; i < count; i++)
            {
                var id = $"{prefix}_{i:D5}";
                var label = labels.GetInteger(i);
                if (label < 0 || label >= Classes.Length)
                {
                    context.Problems.Add(new DataProblem(labelFile, i + 1, id, DataProblemKind.UnknownLabel, $"label {label} is not a class index 0-{Classes.Length - 1}"));
                    continue;
                }
                rows.Add(new SourceRow(labelFile, i + 1, new CanonicalRecord
                {
                    FileName = "",
                    Id = id,
                    Split = split,
                    Diagnosis = Classes[label],
                    Source = Name,
                    SourceId = $"{prefix}[{i}]",
                }, new PixelImageSource(images.Data.AsMemory(i * imageBytes, imageBytes), side, side)));
            }
        }
        return new SourceScan(rowsRead, rows);
    }

    private static string ResolveNpz(ImportContext context)
    {
        if (context.SourceIsFile)
        {
            return context.SourcePath;
        }
        var candidates = Directory.GetFiles(context.RootFolder, "dermamnist*.npz").Order(StringComparer.Ordinal).ToList();
        return candidates.Count == 1
            ? candidates[0]
            : throw new ToolchainError(candidates.Count == 0
                ? $"{Name}: no dermamnist*.npz in '{context.SourcePath}'"
                : $"{Name}: several .npz files in '{context.SourcePath}' ({string.Join(", ", candidates.Select(Path.GetFileName))}); pass one as --source", 2);
    }

    private static ZipArchive? OpenZip(string path, string display, ImportContext context)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException error)
        {
            context.Problems.Add(new DataProblem(display, 0, null, DataProblemKind.MalformedArray, $"not an .npz (zip) file: {error.Message}", FileLevel: true));
            return null;
        }
    }

    private static NpyArray? ReadArray(ZipArchive archive, string name, string display, ProblemLog problems)
    {
        var file = $"{display}/{name}";
        var entry = archive.GetEntry(name);
        if (entry is null)
        {
            problems.Add(new DataProblem(display, 0, null, DataProblemKind.MalformedArray, $"the archive has no {name}", FileLevel: true));
            return null;
        }
        try
        {
            using var stream = entry.Open();
            // The zip's own size field bounds what the header may declare, so a forged header cannot make us allocate more.
            return NpyArray.Read(stream, entry.Length);
        }
        catch (InvalidDataException error)
        {
            problems.Add(new DataProblem(file, 0, null, DataProblemKind.MalformedArray, error.Message, FileLevel: true));
            return null;
        }
    }

    private static bool CheckShapes(NpyArray images, NpyArray labels, string display, string prefix, ProblemLog problems)
    {
        var errors = new List<string>();
        var shape = images.Shape;
        if (!images.IsUInt8 || shape.Count != 4 || shape[1] != shape[2] || !Sizes.Contains((int)shape[1]) || shape[3] != 3)
        {
            errors.Add($"{prefix}_images.npy must be uint8 (N, S, S, 3) with S in {string.Join("/", Sizes)}, got {images.Descr} ({string.Join(", ", shape)})");
        }
        var labelShape = labels.Shape;
        if (labelShape.Count is < 1 or > 2 || (labelShape.Count == 2 && labelShape[1] != 1))
        {
            errors.Add($"{prefix}_labels.npy must be (N, 1) or (N,), got ({string.Join(", ", labelShape)})");
        }
        else if (shape.Count > 0 && labelShape[0] != shape[0])
        {
            errors.Add($"{prefix}_images.npy has {shape[0]} images but {prefix}_labels.npy has {labelShape[0]} labels");
        }
        foreach (var error in errors)
        {
            problems.Add(new DataProblem(display, 0, null, DataProblemKind.MalformedArray, error, FileLevel: true));
        }
        return errors.Count == 0;
    }
}
