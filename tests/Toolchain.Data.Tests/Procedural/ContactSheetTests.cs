using Toolchain.Data.Procedural;

namespace Toolchain.Data.Tests.Procedural;

public class ContactSheetTests
{
    private static readonly ProceduralDermoscopyGenerator Generator = new(new ProceduralOptions { Seed = 9, Resolution = 16 });

    [Fact]
    public void Tiles_are_placed_in_rows_with_white_gutters()
    {
        ProceduralCase[] cases = Enumerable.Range(0, 5).Select(Generator.Generate).ToArray();
        var (width, height, rgb) = ContactSheet.Compose(cases, columns: 3, gutter: 2);

        Assert.Equal(3 * 16 + 4 * 2, width);
        Assert.Equal(2 * 16 + 3 * 2, height);
        Assert.Equal(width * height * 3, rgb.Length);
        Assert.Equal([255, 255, 255], rgb[..3]);
        // Case 4 sits in row 1, column 1: its first pixel is at (2 + 18, 2 + 18).
        int offset = ((2 + 18) * width + 2 + 18) * 3;
        Assert.Equal(cases[4].Rgb[..3], rgb[offset..(offset + 3)]);
        // The empty last slot stays white.
        int empty = ((2 + 18 + 8) * width + 2 + 2 * 18 + 8) * 3;
        Assert.Equal([255, 255, 255], rgb[empty..(empty + 3)]);
    }

    [Fact]
    public void Rendered_sheet_is_deterministic()
    {
        Assert.Equal(ContactSheet.RenderPng(Generator, 10, 6, 3), ContactSheet.RenderPng(Generator, 10, 6, 3));
    }
}
