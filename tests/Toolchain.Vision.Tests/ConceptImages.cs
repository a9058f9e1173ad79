using static TorchSharp.torch;

namespace Toolchain.Vision.Tests;

/// <summary>
/// Three visual concepts for the VLFM tests: a red square, a blue disk, or plain dim noise, with masks and captions.
/// The plain class keeps the model from learning "red square" as merely "no blue", which would not localise.
/// </summary>
internal static class ConceptImages
{
    public const int Vocab = 16;
    public const int Context = 8;
    private const long Start = 1, A = 2, Red = 3, Square = 4, Blue = 5, Circle = 6, Plain = 7, Skin = 8, End = Vocab - 1, Pad = 0;

    public static readonly long[] RedSquarePhrase = [Start, Red, Square, End, Pad, Pad, Pad, Pad];
    public static readonly long[] BlueCirclePhrase = [Start, Blue, Circle, End, Pad, Pad, Pad, Pad];
    public static readonly long[] PlainPhrase = [Start, Plain, Skin, End, Pad, Pad, Pad, Pad];
    private static readonly long[][] Nouns = [[Red, Square], [Blue, Circle], [Plain, Skin]];

    /// <summary>
    /// (N, 3, size, size) images each holding one object (concept 0 = red square, 1 = blue circle) at a random
    /// place or none (concept 2), caption ids ("a red square" or "red square", alternating) and each object's mask (N, size, size).
    /// </summary>
    public static (Tensor Images, Tensor Ids, int[] Concepts, Tensor Masks) Single(int count, int size, ulong seed)
    {
        using var generator = new Generator(seed);
        using var scope = NewDisposeScope();
        var images = Background(count, size, generator);
        var masks = zeros(new long[] { count, size, size }, dtype: ScalarType.Bool);
        var concepts = new int[count];
        var ids = new long[count * Context];
        var coin = rand(new long[] { count }, generator: generator).data<float>().ToArray();
        for (int i = 0; i < count; i++)
        {
            concepts[i] = Math.Min((int)(coin[i] * 3), 2);
            var (top, left) = Place(size, 0, size, generator);
            if (concepts[i] < 2)
            {
                masks[i] = Draw(images[i], concepts[i], top, left, size);
            }
            var (adjective, noun) = (Nouns[concepts[i]][0], Nouns[concepts[i]][1]);
            long[] caption = i % 2 == 0
                ? [Start, A, adjective, noun, End, Pad, Pad, Pad]
                : [Start, adjective, noun, End, Pad, Pad, Pad, Pad];
            caption.CopyTo(ids, i * Context);
        }
        return (images.MoveToOuterDisposeScope(), tensor(ids, new long[] { count, Context }).MoveToOuterDisposeScope(), concepts, masks.MoveToOuterDisposeScope());
    }

    /// <summary>Images with both objects, the square in the left half and the circle in the right half or vice versa, and both masks.</summary>
    public static (Tensor Images, Tensor SquareMasks, Tensor CircleMasks) Both(int count, int size, ulong seed)
    {
        using var generator = new Generator(seed);
        using var scope = NewDisposeScope();
        var images = Background(count, size, generator);
        var squares = zeros(new long[] { count, size, size }, dtype: ScalarType.Bool);
        var circles = zeros(new long[] { count, size, size }, dtype: ScalarType.Bool);
        for (int i = 0; i < count; i++)
        {
            bool squareLeft = i % 2 == 0;
            var (st, sl) = Place(size, squareLeft ? 0 : size / 2, size / 2, generator);
            var (ct, cl) = Place(size, squareLeft ? size / 2 : 0, size / 2, generator);
            squares[i] = Draw(images[i], 0, st, sl, size);
            circles[i] = Draw(images[i], 1, ct, cl, size);
        }
        return (images.MoveToOuterDisposeScope(), squares.MoveToOuterDisposeScope(), circles.MoveToOuterDisposeScope());
    }

    /// <summary>(3, Context) ids of "red square", "blue circle", "plain skin" (concept order).</summary>
    public static Tensor Phrases() => tensor(RedSquarePhrase.Concat(BlueCirclePhrase).Concat(PlainPhrase).ToArray(), new long[] { 3, Context });

    private const int Object = 10;

    private static Tensor Background(int count, int size, Generator generator) =>
        rand(new long[] { count, 3, size, size }, generator: generator).mul(0.5).sub(0.5);

    private static (int Top, int Left) Place(int size, int leftStart, int span, Generator generator)
    {
        using var r = rand(new long[] { 2 }, generator: generator);
        var u = r.data<float>().ToArray();
        return ((int)(u[0] * (size - Object)), leftStart + (int)(u[1] * (span - Object)));
    }

    /// <summary>Draws concept 0 (red square) or 1 (blue disk) into a (3, size, size) image and returns its mask.</summary>
    private static Tensor Draw(Tensor image, int concept, int top, int left, int size)
    {
        var rows = arange(size).view(size, 1);
        var cols = arange(size).view(1, size);
        Tensor mask;
        if (concept == 0)
        {
            mask = rows.ge(top).logical_and(rows.lt(top + Object)).logical_and(cols.ge(left)).logical_and(cols.lt(left + Object));
        }
        else
        {
            double c = (Object - 1) / 2.0, r = Object / 2.0;
            mask = (rows - (top + c)).pow(2).add((cols - (left + c)).pow(2)).le(r * r);
        }
        float[] colour = concept == 0 ? [0.9f, -0.8f, -0.8f] : [-0.8f, -0.8f, 0.9f];
        for (int ch = 0; ch < 3; ch++)
        {
            image[ch].masked_fill_(mask, colour[ch]);
        }
        return mask;
    }
}
