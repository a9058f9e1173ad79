using Toolchain.Stages.Release;

namespace Toolchain.Stages.Tests.Release;

public class CsvTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("1e-5", "1e-5")]
    [InlineData("a dermoscopy image", "a dermoscopy image")]
    public void CellsASpreadsheetWouldRunAreNeutralisedAndNumbersKept(string value, string written)
    {
        Assert.Equal($"v\n{written}\n", CsvText.Render(["v"], [[value]]));
    }
}
