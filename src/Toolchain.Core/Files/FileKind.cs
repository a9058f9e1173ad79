using System.Runtime.InteropServices;

namespace Toolchain.Core.Files;

/// <summary>What a path names once symbolic links are followed.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    /// <summary>A FIFO, socket, character or block device: reading one can block forever or never end.</summary>
    Special,
}

/// <summary>
/// Tells regular files from FIFOs and devices, which .NET's FileInfo does not: both report FileAttributes.Normal,
/// and opening a FIFO blocks until a writer appears. Uses the runtime's own stat shim (libSystem.Native), whose
/// FileStatus record starts with Flags and Mode on every Unix .NET supports.
/// </summary>
public static class FileKinds
{
    private const int ModeTypeMask = 0xF000;
    private const int ModeDirectory = 0x4000;
    private const int ModeRegular = 0x8000;

    /// <summary>The kind of <paramref name="path"/>, following symbolic links (a dangling link is Missing).</summary>
    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            // Windows has no FIFOs or devices reachable through ordinary paths.
            if (Directory.Exists(path)) return FileKind.Directory;
            return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        }
        // Generous: the record is about 130 bytes; only the first two fields are read.
        var status = new byte[512];
        if (Stat(path, status) != 0) return FileKind.Missing;
        return (BitConverter.ToInt32(status, 4) & ModeTypeMask) switch
        {
            ModeRegular => FileKind.Regular,
            ModeDirectory => FileKind.Directory,
            _ => FileKind.Special,
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
