using static TorchSharp.torch;

namespace Toolchain.Diffusion.Training;

/// <summary>
/// Works around a libtorch (2.x CPU, oneDNN) convolution bug seen on this toolchain's small models: for some
/// channel counts (e.g. a 3x3 convolution from 24 to 16 channels on a 32x16x16 batch) the kernel reads memory
/// it never wrote. Finite leftovers are multiplied by zero and do no harm, but when the reused memory held
/// NaN or infinity bit patterns the output becomes NaN. Reproduced by freeing NaN-filled tensors before the
/// call; identical inputs are fine afterwards. The cure used here: when a result is not finite, overwrite the
/// freed heap with zeros and compute again, at most <see cref="Attempts"/> times; then report a real failure.
/// </summary>
public static class NativeKernelGuard
{
    public const int Attempts = 3;

    /// <summary>Runs <paramref name="compute"/> until <paramref name="isFinite"/> holds for its result, scrubbing the heap in between.</summary>
    public static T Retry<T>(Func<T> compute, Func<T, bool> isFinite, Action<T>? discard = null)
    {
        var result = compute();
        for (int attempt = 1; attempt < Attempts && !isFinite(result); attempt++)
        {
            discard?.Invoke(result);
            ScrubFreedMemory();
            result = compute();
        }
        return result;
    }

    /// <summary>Allocates and frees zero-filled blocks, so memory the allocator hands out next holds zeros rather than stale NaNs.</summary>
    public static void ScrubFreedMemory()
    {
        using var scope = NewDisposeScope();
        var blocks = new List<Tensor>();
        // Blocks of several sizes, since malloc reuses freed chunks by size class.
        foreach (long elements in new long[] { 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20, 1 << 22 })
        {
            for (int i = 0; i < 8; i++)
            {
                blocks.Add(zeros(elements));
            }
        }
    }
}
