using static TorchSharp.torch;

namespace Toolchain.Vision.Tests;

internal static class TensorAssert
{
    /// <summary>Same shape and every element equal (bitwise for finite floats).</summary>
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();
}
