using Toolchain.Specs.Loading;

namespace Toolchain.Specs.Tests;

public class EmbeddedSpecsTests
{
    [Fact]
    public void The_embedded_demo_equals_the_shipped_files_and_loads()
    {
        Assert.Equal(File.ReadAllText(RepoFiles.PathOf(EmbeddedSpecs.DemoSpec)), EmbeddedSpecs.Read(EmbeddedSpecs.DemoSpec));
        Assert.Equal(File.ReadAllText(RepoFiles.PathOf(EmbeddedSpecs.DemoPipeline)), EmbeddedSpecs.Read(EmbeddedSpecs.DemoPipeline));

        using var files = new SpecFiles();
        var spec = SpecLoader.Load(EmbeddedSpecs.WriteDemo(files.Root));
        Assert.Equal("demo", spec.Dataset.Name);
        Assert.Equal("tiny-cpu", spec.Pipeline.Name);
    }
}
