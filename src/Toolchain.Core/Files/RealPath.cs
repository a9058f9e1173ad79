using System.Runtime.InteropServices;

namespace Toolchain.Core.Files;

/// <summary>
/// The canonical absolute path with every symbolic link resolved, directories on the way included
/// (FileSystemInfo.ResolveLinkTarget resolves only the last component).
/// </summary>
public static class RealPath
{
    /// <summary>The resolved path, or null when some component does not exist (a dangling link, a missing file).</summary>
    public static string? Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            return File.Exists(full) || Directory.Exists(full) ? full : null;
        }
        var resolved = Resolve(full, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>True when <paramref name="path"/> resolves to <paramref name="folder"/> itself or something inside it.</summary>
    public static bool IsInside(string path, string folder)
    {
        var resolved = Of(path);
        var root = Of(folder);
        if (resolved is null || root is null) return false;
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return resolved == root || resolved.StartsWith(prefix, StringComparison.Ordinal);
    }

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr Resolve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr buffer);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
}
