using Toolchain.Evaluation.Plots;

namespace Toolchain.Evaluation.Tests.Plots;

public class ImageGridTests
{
    private static ImageGrid Grid(int scale = 4)
    {
        var grid = new ImageGrid("Prompt samples", ["real", "baseline", "refined"]) { Scale = scale };
        grid.Add(new ImageGridRow("melanoma with ruler", [FakeImages.Lesion(1, ruler: true), FakeImages.Lesion(2), FakeImages.Lesion(3, ruler: true)]));
        grid.Add(new ImageGridRow("nevus with hair and a very long prompt that must be shortened", [FakeImages.Lesion(4, hair: true), FakeImages.Lesion(5), FakeImages.Lesion(6, hair: true)]));
        return grid;
    }

    [Fact]
    public void GridHasTheDocumentedSizeAndIsDeterministic()
    {
        var grid = Grid();
        byte[] png = grid.ToPng();
        // label column 220 + margin 10, three 128 px cells with 4 px gaps, right margin 10.
        int width = 220 + 10 + 3 * (32 * 4 + 4) - 4 + 10;
        // margin 10, title 26, column labels 22, two rows of 128 px with a 4 px gap, bottom margin 10.
        int height = 10 + 26 + 22 + 2 * (32 * 4 + 4) - 4 + 10;
        Assert.Equal((width, height), Png.Size(png));
        Assert.Equal((grid.Width, grid.Height), (width, height));
        Assert.Equal(png, Grid().ToPng());
    }

    [Fact]
    public void ImagesAreEnlargedWithNearestNeighbour()
    {
        var image = FakeImages.Lesion(4, hair: true);
        var grid = new ImageGrid { Scale = 3, LabelWidth = 0 }.Add(new ImageGridRow("only", [image]));
        byte[] png = grid.ToPng();
        int left = 10;
        int top = 10;
        foreach (var (x, y) in new[] { (0, 0), (5, 7), (31, 31), (16, 3) })
        {
            int i = (y * 32 + x) * 3;
            for (int dy = 0; dy < 3; dy++)
            {
                for (int dx = 0; dx < 3; dx++)
                {
                    var pixel = Png.Pixel(png, left + x * 3 + dx, top + y * 3 + dy);
                    Assert.Equal((image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]), (pixel.Red, pixel.Green, pixel.Blue));
                }
            }
        }
    }

    [Fact]
    public void RgbImageEncodesScaledPixels()
    {
        var image = new RgbImage(2, 2, [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
        byte[] png = image.ToPng(2);
        Assert.Equal((4, 4), Png.Size(png));
        var bottomRight = Png.Pixel(png, 3, 3);
        Assert.Equal((10, 20, 30), (bottomRight.Red, bottomRight.Green, bottomRight.Blue));
        var topRight = Png.Pixel(png, 2, 1);
        Assert.Equal((0, 255, 0), (topRight.Red, topRight.Green, topRight.Blue));
    }

    [Fact]
    public void MismatchedImagesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new RgbImage(2, 2, new byte[11]));
        var grid = new ImageGrid().Add(new ImageGridRow("a", [FakeImages.Lesion(1)]));
        Assert.Throws<ArgumentException>(() => grid.Add(new ImageGridRow("b", [FakeImages.Lesion(2, size: 16)])));
        Assert.Throws<ArgumentException>(() => grid.Add(new ImageGridRow("c", [])));
        var labelled = new ImageGrid(columnLabels: ["one"]);
        Assert.Throws<ArgumentException>(() => labelled.Add(new ImageGridRow("d", [FakeImages.Lesion(1), FakeImages.Lesion(2)])));
        Assert.Throws<InvalidOperationException>(() => new ImageGrid().ToPng());
    }
}
