using Toolchain.Core;
using Toolchain.Data.Importers;

namespace Toolchain.Data.Imaging;

/// <summary>An image file that cannot be used; the importers turn it into a <see cref="DataProblem"/>.</summary>
public sealed class ImageDataException : ToolchainError
{
    public ImageDataException(DataProblemKind kind, string message, Exception? inner = null)
        : base(message, 1, inner)
    {
        Kind = kind;
    }

    public DataProblemKind Kind { get; }
}
