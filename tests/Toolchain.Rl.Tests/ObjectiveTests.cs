using Toolchain.Rl.Objectives;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests;

public class ObjectiveTests
{
    [Fact]
    public void ClippedSurrogateMatchesHandComputation()
    {
        using var scope = NewDisposeScope();
        double[] ratios = [1.5, 0.5, 1.00005, 0.9];
        var logNew = tensor(ratios.Select(r => (float)Math.Log(r)).ToArray()).requires_grad_();
        var logOld = zeros(4);
        var advantages = tensor(new[] { 1f, 1f, -1f, -2f });

        var terms = ClippedSurrogate.Compute(logNew, logOld, advantages, clipRange: 0.2);

        // max(-A r, -A clamp(r, 0.8, 1.2)): -1.2 (clipped), -0.5, 1.00005, 1.8.
        Assert.Equal((-1.2 - 0.5 + 1.00005 + 1.8) / 4, terms.Loss.item<float>(), 5);
        Assert.Equal(0.5, terms.ClipFraction.item<float>(), 6);
        Assert.Equal(0.5 * ratios.Average(r => Math.Log(r) * Math.Log(r)), terms.ApproxKl.item<float>(), 6);

        terms.Loss.backward();
        // d/dlogp: 0 where the clipped branch wins, else -A r / 4.
        var grad = logNew.grad!.data<float>().ToArray();
        Assert.Equal(0, grad[0], 6);
        Assert.Equal(-0.5 / 4, grad[1], 6);
        Assert.Equal(1.00005 / 4, grad[2], 5);
        Assert.Equal(2 * 0.9 / 4, grad[3], 5);
    }

    [Fact]
    public void GaussianStepKlIsHalfTheSquaredMeanGapOverTheVarianceAveragedOverElements()
    {
        using var scope = NewDisposeScope();
        var current = tensor(new[,] { { 1f, 1f }, { 0f, 2f } });
        var reference = tensor(new[,] { { 0f, 0f }, { 0f, 0f } });
        var std = tensor(new[] { 0.5f, 1f });
        var kl = GaussianStepKl.Compute(current, reference, std).data<float>().ToArray();
        Assert.Equal(1 / (2 * 0.25), kl[0], 6);
        Assert.Equal((0 + 4) / 2.0 / 2.0, kl[1], 6);
        Assert.Equal([0f, 0f], GaussianStepKl.Compute(current, current, std).data<float>().ToArray());
    }
}
