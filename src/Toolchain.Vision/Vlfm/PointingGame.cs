using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>
/// Localisation check for similarity maps against ground-truth masks (the pointing game): a hit when the
/// image area covered by the best-scoring patch, widened by <c>toleranceCells</c> patches on every side,
/// contains at least one mask pixel.
/// </summary>
public static class PointingGame
{
    /// <param name="map">(h, w) similarity map of one image and one phrase.</param>
    /// <param name="mask">(H, W) boolean ground-truth mask at image resolution (H, W multiples of h, w).</param>
    public static bool Hit(Tensor map, Tensor mask, int toleranceCells = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceCells);
        if (map.dim() != 2 || mask.dim() != 2)
        {
            throw new ArgumentException("expected a 2-D map and a 2-D mask");
        }
        long h = map.shape[0], w = map.shape[1], height = mask.shape[0], width = mask.shape[1];
        if (height % h != 0 || width % w != 0)
        {
            throw new ArgumentException($"mask {width}x{height} is not a whole number of {w}x{h} patches");
        }
        long best = map.flatten().argmax().item<long>();
        long row = best / w, col = best % w;
        long cellH = height / h, cellW = width / w;
        long top = Math.Max(0, row - toleranceCells) * cellH, bottom = Math.Min(h, row + toleranceCells + 1) * cellH;
        long left = Math.Max(0, col - toleranceCells) * cellW, right = Math.Min(w, col + toleranceCells + 1) * cellW;
        using var cell = mask.narrow(0, top, bottom - top).narrow(1, left, right - left).any();
        return cell.item<bool>();
    }

    /// <summary>Share of hits over (N, h, w) maps and (N, H, W) masks; images whose mask is empty are skipped.</summary>
    public static double HitRate(Tensor maps, Tensor masks, int toleranceCells = 0)
    {
        if (maps.shape[0] != masks.shape[0])
        {
            throw new ArgumentException($"{maps.shape[0]} maps for {masks.shape[0]} masks");
        }
        int hits = 0, scored = 0;
        for (long i = 0; i < maps.shape[0]; i++)
        {
            using var scope = NewDisposeScope();
            var mask = masks[i].to_type(ScalarType.Bool);
            if (!mask.any().item<bool>())
            {
                continue;
            }
            scored++;
            if (Hit(maps[i], mask, toleranceCells))
            {
                hits++;
            }
        }
        if (scored == 0)
        {
            throw new ArgumentException("every mask is empty: nothing to point at");
        }
        return (double)hits / scored;
    }
}
