using Toolchain.Data.Importers;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Importers;

public sealed class ImageLocatorTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void LinkLeadingOutOfTheImagesFolderIsNotFoundAndSaysWhy()
    {
        temp.Write("elsewhere/secret.png", TinyImages.Png(1));
        temp.Write("images/inside.png", TinyImages.Png(2));
        File.CreateSymbolicLink(temp.Combine("images", "escape.png"), temp.Combine("elsewhere", "secret.png"));
        File.CreateSymbolicLink(temp.Combine("images", "alias.png"), temp.Combine("images", "inside.png"));
        var locator = new ImageLocator([temp.Combine("images")], [".png"], p => Path.GetRelativePath(temp.Path, p));

        Assert.Null(locator.Find("escape", out var reason));
        Assert.Equal("image 'escape' is a symbolic link that leads outside images/", reason);
        Assert.Equal(temp.Combine("images", "alias.png"), locator.Find("alias", out _));
    }
}
