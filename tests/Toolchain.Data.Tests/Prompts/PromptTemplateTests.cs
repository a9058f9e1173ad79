using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Prompts;

public sealed class PromptTemplateTests
{
    private static readonly IReadOnlyList<(string Prompt, PromptConditions Conditions)> All = PromptTemplate.Rl4Med.Enumerate();

    [Fact]
    public void Rl4MedHas32PromptsInAFixedOrder()
    {
        Assert.Equal(32, All.Count);
        Assert.Equal(32, All.Select(p => p.Prompt).Distinct().Count());
        Assert.Equal("a dermoscopic image with melanoma (MEL) with no visible artifacts", All[0].Prompt);
        Assert.Equal("a dermoscopic image with melanoma (MEL) showing ink", All[1].Prompt);
        Assert.Equal("a dermoscopic image with melanoma (MEL) showing ruler", All[2].Prompt);
        Assert.Equal("a dermoscopic image with melanoma (MEL) showing ruler, ink", All[3].Prompt);
        Assert.Equal("a dermoscopic image with melanoma (MEL) showing hair", All[8].Prompt);
        Assert.Equal("a dermoscopic image with melanoma (MEL) showing hair, ruler, ink", All[11].Prompt);
        Assert.Equal("a dermoscopic image with melanoma (MEL) showing hair, gel bubble, ruler, ink", All[15].Prompt);
        Assert.Equal("a dermoscopic image with melanocytic nevus (NV) with no visible artifacts", All[16].Prompt);
        Assert.Equal("a dermoscopic image with melanocytic nevus (NV) showing gel bubble", All[20].Prompt);
        Assert.Equal("a dermoscopic image with melanocytic nevus (NV) showing hair, gel bubble, ruler, ink", All[31].Prompt);
    }

    [Fact]
    public void ParserRoundTripsEveryPromptToItsLabelVector()
    {
        var parser = new PromptParser(PromptTemplate.Rl4Med);
        Assert.Equal(["hair", "gel_bubble", "ruler", "ink", "MEL", "NV"], parser.LabelNames);
        foreach (var (prompt, conditions) in All)
        {
            Assert.Equal(conditions, parser.Parse(prompt));
            Assert.Equal(PromptTemplate.Rl4Med.Render(parser.Parse(prompt)), prompt);
        }
        Assert.Equal([1f, 0f, 1f, 1f, 1f, 0f], parser.LabelVector("a dermoscopic image with melanoma (MEL) showing hair, ruler, ink"));
        Assert.Equal([0f, 1f, 0f, 0f, 0f, 1f], parser.LabelVector("a dermoscopic image with melanocytic nevus (NV) showing gel bubble"));
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 1f], parser.LabelVector("a dermoscopic image with melanocytic nevus (NV) with no visible artifacts"));
    }

    [Theory]
    [InlineData("a dermoscopic image with melanoma (MEL) showing ruler, hair")]
    [InlineData("a dermoscopic image with melanoma (MEL) showing hair,ruler")]
    [InlineData("a dermoscopic image with melanoma (MEL)  with no visible artifacts")]
    [InlineData("a dermoscopic image with basal cell carcinoma (BCC) with no visible artifacts")]
    [InlineData("a dermoscopic image with melanoma (MEL) showing")]
    [InlineData("A dermoscopic image with melanoma (MEL) showing ink")]
    [InlineData("")]
    public void ParserRejectsMalformedPrompts(string prompt)
    {
        var parser = new PromptParser(PromptTemplate.Rl4Med);
        Assert.False(parser.TryParse(prompt, out _));
        Assert.Equal(2, Assert.Throws<Toolchain.Core.ToolchainError>(() => parser.LabelVector(prompt)).ExitCode);
    }

    [Fact]
    public void MetadataSlotsAreFilledFromTheRecord()
    {
        var template = new PromptTemplate("meta", "a dermoscopic image of {diagnosis_name} on the {site} of a {age} {sex}, {fitzpatrick}", [], []);
        Assert.False(template.IsEnumerable);
        var record = Records.Make("a", "BCC") with { Site = "back", Age = 65, Sex = "female", Fitzpatrick = new FitzpatrickRange(5, 6) };
        Assert.Equal("a dermoscopic image of basal cell carcinoma on the back of a 65 year old female, Fitzpatrick skin type V-VI", template.TryRender(record, out _));
        Assert.Null(template.TryRender(record with { Site = null }, out var reason));
        Assert.Equal("unknown site", reason);
        Assert.Throws<Toolchain.Core.ToolchainError>(() => template.Enumerate());
    }

    [Fact]
    public void RecordsRenderToTheirArtifactPrompt()
    {
        var record = Records.Make("a", "NV", hair: true, gelBubble: false, ruler: true, ink: false);
        Assert.Equal("a dermoscopic image with melanocytic nevus (NV) showing hair, ruler", PromptTemplate.Rl4Med.TryRender(record, out _));
        Assert.Null(PromptTemplate.Rl4Med.TryRender(record with { Labels = record.Labels with { Ink = null } }, out var reason));
        Assert.Equal("unknown ink", reason);
    }

    [Fact]
    public void InvalidTemplatesAreSpecErrors()
    {
        var error = Assert.Throws<Toolchain.Core.ToolchainError>(() =>
            new PromptTemplate("bad", "an image of {diagnosis} with {colour} {", ["XYZ"], [new ArtifactPhrase("smudge", "smudge")]));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("unknown slot {colour}", error.Message);
        Assert.Contains("unbalanced", error.Message);
        Assert.Contains("unknown diagnosis code 'XYZ'", error.Message);
        Assert.Contains("unknown artifact label 'smudge'", error.Message);
    }
}
