using Toolchain.Diffusion.Checkpoints;
using Toolchain.Rl.Policy;
using Toolchain.Stages.Sample;

namespace Toolchain.Stages.Tests.Sample;

public sealed class RefineSamplerNoteTests
{
    [Fact]
    public void SamplingAsRefineTrainedSaysNothing() =>
        Assert.Null(RefineSamplerNote.Describe(new DdimPolicySettings(5, 3.0, 1.0), new SamplingSettings(5, 3.0, 1.0)));

    [Theory]
    [InlineData(20, 3.0, 0.0)]
    [InlineData(5, 3.0, 0.0)]
    [InlineData(5, 7.5, 1.0)]
    public void AnyDifferenceInStepsEtaOrGuidanceIsNamed(int steps, double guidance, double eta)
    {
        var note = RefineSamplerNote.Describe(new DdimPolicySettings(5, 3.0, 1.0), new SamplingSettings(steps, guidance, eta));
        Assert.NotNull(note);
        Assert.StartsWith("refine trained its adapters on 5-step trajectories (eta 1, guidance 3)", note, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"sampled here with {steps} steps (eta {eta}, guidance {guidance})"), note, StringComparison.Ordinal);
    }
}
