using Toolchain.Rl.Rewards;
using Toolchain.Rl.Tests.Toy;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests;

public class CompositeRewardTests
{
    [Fact]
    public void TotalIsTheWeightedSumAndComponentsKeepRawScores()
    {
        using var scope = NewDisposeScope();
        var reward = new CompositeReward([
            new WeightedReward("first", 2f, new FunctionReward((x, _) => x[0])),
            new WeightedReward("second", -0.5f, new FunctionReward((x, _) => x[1])),
        ]);
        var finals = tensor(new[,] { { 1f, 4f }, { -1f, 2f } });
        var scores = reward.ScoreComponents(finals, ["p", "q"]);
        Assert.Equal([0f, -3f], scores.Total);
        Assert.Equal([1f, -1f], scores.Components["first"]);
        Assert.Equal([4f, 2f], scores.Components["second"]);
    }

    [Fact]
    public void DuplicateNamesAndEmptyMixesAreRefused()
    {
        var term = new WeightedReward("x", 1f, new FunctionReward((v, _) => v[0]));
        Assert.Throws<ArgumentException>(() => new CompositeReward([]));
        Assert.Throws<ArgumentException>(() => new CompositeReward([term, term]));
        Assert.Throws<ArgumentException>(() => new CompositeReward([term with { Name = "y", Weight = float.NaN }]));
    }
}
