using static TorchSharp.torch;

namespace Toolchain.Vision;

/// <summary>Conversions between 8-bit RGB pixels and the [-1, 1] NCHW float tensors every network here consumes.</summary>
public static class ImageBatch
{
    /// <summary>Packs interleaved RGB images (H*W*3 bytes each, all the same size) into an (N, 3, H, W) tensor in [-1, 1].</summary>
    public static Tensor FromRgb(IReadOnlyList<byte[]> images, int height, int width)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("at least one image is needed", nameof(images));
        }
        int pixels = height * width * 3;
        var buffer = new byte[images.Count * pixels];
        for (int i = 0; i < images.Count; i++)
        {
            if (images[i].Length != pixels)
            {
                throw new ArgumentException($"image {i} has {images[i].Length} bytes, expected {pixels} ({width}x{height} RGB)", nameof(images));
            }
            images[i].CopyTo(buffer, i * pixels);
        }
        using var raw = tensor(buffer, new long[] { images.Count, height, width, 3 });
        using var floats = raw.to_type(ScalarType.Float32);
        return floats.permute(0, 3, 1, 2).div(127.5).sub(1.0).contiguous();
    }

    /// <summary>Unpacks an (N, 3, H, W) tensor in [-1, 1] to interleaved RGB bytes, rounding to nearest and clamping (never wrapping).</summary>
    public static byte[][] ToRgb(Tensor batch)
    {
        using var scope = NewDisposeScope();
        long n = batch.shape[0];
        var bytes = batch.detach().cpu().add(1.0).mul(127.5).round().clamp(0, 255)
            .to_type(ScalarType.Byte).permute(0, 2, 3, 1).contiguous();
        var flat = bytes.cpu().data<byte>().ToArray();
        int per = (int)(flat.Length / n);
        var result = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            result[i] = flat.AsSpan(i * per, per).ToArray();
        }
        return result;
    }
}
