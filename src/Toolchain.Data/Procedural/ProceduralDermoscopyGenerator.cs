using Toolchain.Data.Procedural.Rendering;

namespace Toolchain.Data.Procedural;

/// <summary>
/// The embedded default dataset: synthetic dermoscopy images of melanoma and nevus on skin types
/// I-VI with hair, gel bubble, ruler, ink and dark-corner artifacts, labels and masks.
/// <see cref="Generate"/> is a pure function of (options, index): cases can be generated in any
/// order, in parallel, or individually, and always come out byte-identical.
/// </summary>
public sealed class ProceduralDermoscopyGenerator
{
    // Keys of a case's two top-level streams: labels are drawn first, rendering follows them.
    private const ulong LabelStream = 0x4C4142454C53UL;   // "LABELS"
    private const ulong RenderStream = 0x52454E444552UL;  // "RENDER"

    private readonly LabelSampler _labels;

    /// <exception cref="Toolchain.Core.ToolchainError">When an option is invalid (exit code 2).</exception>
    public ProceduralDermoscopyGenerator(ProceduralOptions options)
    {
        options.Validate();
        Options = options;
        _labels = new LabelSampler(options);
    }

    public ProceduralOptions Options { get; }

    /// <summary>The labels of case <paramref name="index"/> without rendering it (cheap; identical to Generate(index).Labels).</summary>
    public CaseLabels SampleLabels(int index) => _labels.Sample(new SplitMix64(SplitMix64.Derive(CaseSeed(index), LabelStream)));

    public ProceduralCase Generate(int index)
    {
        CaseLabels labels = SampleLabels(index);
        RenderedCase rendered = CaseRenderer.Render(labels, SplitMix64.Derive(CaseSeed(index), RenderStream), Options.Resolution, Options.DiagnosisOverlap);
        return new ProceduralCase(index, Options.Resolution, labels, rendered.Rgb, rendered.LesionMask, rendered.ArtifactMasks);
    }

    private ulong CaseSeed(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return SplitMix64.Derive(Options.Seed, (ulong)index);
    }
}
