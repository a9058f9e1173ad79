using System.Text.Json;
using Toolchain.Diffusion.Checkpoints;

namespace Toolchain.Diffusion.Tests.Checkpoints;

/// <summary>Our UNet and VAE against diffusers 0.25 outputs on the shared reference fixtures.</summary>
public class FixtureParityTests
{
    [Theory]
    [InlineData("unet-sd15-tiny", "UNet2DConditionModel", 1)]
    [InlineData("unet-sd2-linear-tiny", "UNet2DConditionModel", 1)]
    [InlineData("vae-tiny", "AutoencoderKL", 3)]
    public void MatchesReferenceWithinMetaTolerance(string fixture, string className, int outputs)
    {
        double tolerance = ReadTolerance(fixture);
        var result = WeightCheck.Run(Fixtures.Path(fixture), Fixtures.Path(fixture, "io.safetensors"), tolerance);

        Assert.Equal(className, result.ClassName);
        Assert.Equal(outputs, result.Outputs.Count);
        Assert.True(result.Passed, string.Join("\n", result.Outputs.Select(o => o.Describe(tolerance))));
    }

    private static double ReadTolerance(string fixture)
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(Fixtures.Path(fixture, "meta.json")));
        return meta.RootElement.GetProperty("tolerance_abs").GetDouble();
    }
}
