using System.Globalization;

namespace Toolchain.Specs.Loading;

/// <summary>
/// Which epochs of an RL comparison the judge measures: every <see cref="Epochs"/>-th epoch, or the first epoch at
/// which the samples seen pass each multiple of <see cref="Samples"/> (the spacing to use when arms draw different
/// numbers of samples per epoch, so that their points fall at the same sample counts). The last epoch is always
/// measured.
/// </summary>
public sealed record JudgeCurveSpacing
{
    private JudgeCurveSpacing(int? epochs, long? samples) => (Epochs, Samples) = (epochs, samples);

    public int? Epochs { get; }

    public long? Samples { get; }

    public static JudgeCurveSpacing EveryEpochs(int epochs) =>
        epochs >= 1 ? new(epochs, null) : throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "at least 1");

    public static JudgeCurveSpacing EverySamples(long samples) =>
        samples >= 1 ? new(null, samples) : throw new ArgumentOutOfRangeException(nameof(samples), samples, "at least 1");

    /// <summary>Whether the adapters after <paramref name="epoch"/> (1-based), which took the samples seen from <paramref name="samplesBefore"/> to <paramref name="samplesAfter"/>, are measured.</summary>
    public bool Measures(int epoch, long samplesBefore, long samplesAfter, bool isLast) =>
        isLast || (Epochs is { } every ? epoch % every == 0 : samplesAfter / Samples!.Value > samplesBefore / Samples.Value);

    public string Describe() => Epochs is { } every
        ? string.Create(CultureInfo.InvariantCulture, $"every {every} epoch(s)")
        : string.Create(CultureInfo.InvariantCulture, $"every {Samples} RL samples (the first epoch past each multiple)");
}
