using System.Diagnostics;
using Toolchain.Core;

namespace Toolchain.Pipeline.Cache;

/// <summary>
/// An exclusive OS lock on a lock file. .NET opens a FileStream with FileShare.None using
/// flock(LOCK_EX | LOCK_NB) on Unix (a sharing lock on Windows); the kernel drops it when the
/// process dies, so a killed run never leaves a stale lock. flock belongs to the open file
/// description, so two FileStreams exclude each other even within one process (checked by a test).
/// Lock files are left in place after release: deleting one that another run has open could let
/// two runs each lock a different file of the same name.
/// </summary>
public sealed class KeyLock : IDisposable
{
    private readonly FileStream _stream;

    private KeyLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Takes the lock if free; null if another holder has it.</summary>
    public static KeyLock? TryAcquire(string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new KeyLock(stream, path);
        }
        catch (IOException e) when (IsHeldByOther(e))
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolchainError($"Cannot open lock file {path}: {e.Message}", exitCode: 1, e);
        }
    }

    /// <summary>
    /// Takes the lock, waiting per <paramref name="mode"/>. <paramref name="what"/> names the
    /// locked thing in messages (e.g. "stage finetune key 3f2a...").
    /// </summary>
    public static async Task<KeyLock> AcquireAsync(string path, string what, StageCacheOptions options, CancellationToken cancellation)
    {
        var acquired = TryAcquire(path);
        if (acquired is not null) return acquired;

        if (options.LockWait == LockWaitMode.Fail)
            throw new ToolchainError(
                $"{what} is locked by another run (lock file {path}). Wait for it to finish, or run again with lock waiting enabled.",
                exitCode: 1);

        options.Log?.Invoke($"waiting for lock held by another run on {what} (lock file {path}, timeout {options.LockTimeout})");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (clock.Elapsed >= options.LockTimeout)
                throw new ToolchainError(
                    $"Timed out after {options.LockTimeout} waiting for another run to release {what} (lock file {path}).",
                    exitCode: 1);
            await Task.Delay(options.LockPollInterval, cancellation).ConfigureAwait(false);
            acquired = TryAcquire(path);
            if (acquired is not null)
            {
                options.Log?.Invoke(FormattableString.Invariant($"lock acquired on {what} after {clock.Elapsed.TotalSeconds:0.0} s"));
                return acquired;
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    // EAGAIN/EWOULDBLOCK from flock on Linux (11) and macOS (35); sharing/lock violation on Windows.
    private static bool IsHeldByOther(IOException e) =>
        e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}
