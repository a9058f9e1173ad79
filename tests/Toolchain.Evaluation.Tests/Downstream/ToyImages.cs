using Toolchain.Evaluation.Downstream;

namespace Toolchain.Evaluation.Tests.Downstream;

/// <summary>
/// 8x8 images with a learnable look per kind: "bright" (class A), "dark" (class B) and "crossed" (class B drawn
/// bright with a dark central cross, so a classifier that never saw it calls it A). The cross survives flips.
/// </summary>
internal static class ToyImages
{
    public const int Size = 8;
    public const int ClassA = 0;
    public const int ClassB = 1;

    public static LabelledImages Make(ulong seed, int bright, int dark, int crossed)
    {
        var random = new Toolchain.Core.DeterministicRandom(seed);
        var pixels = new List<byte[]>();
        var classes = new List<int>();
        void Add(int count, int level, bool cross, int label)
        {
            for (int n = 0; n < count; n++)
            {
                var image = new byte[Size * Size * 3];
                for (int y = 0; y < Size; y++)
                {
                    for (int x = 0; x < Size; x++)
                    {
                        bool onCross = cross && x is 3 or 4 && y is 3 or 4;
                        int value = (onCross ? 20 : level) + random.NextInt(40) - 20;
                        for (int c = 0; c < 3; c++)
                        {
                            image[(y * Size + x) * 3 + c] = (byte)Math.Clamp(value, 0, 255);
                        }
                    }
                }
                pixels.Add(image);
                classes.Add(label);
            }
        }
        Add(bright, 210, cross: false, ClassA);
        Add(dark, 50, cross: false, ClassB);
        Add(crossed, 210, cross: true, ClassB);
        return new LabelledImages(Size, Size, pixels, classes);
    }
}
