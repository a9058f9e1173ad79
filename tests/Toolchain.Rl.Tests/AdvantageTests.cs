using Toolchain.Rl.Advantages;

namespace Toolchain.Rl.Tests;

public class AdvantageTests
{
    [Fact]
    public void TrackerUsesBatchStatisticsBelowMinCountThenItsRingBuffer()
    {
        var tracker = new PerPromptStatTracker(bufferSize: 4, minCount: 3);

        // Prompt a has 2 rewards and b has 1, both below min count: the whole batch's mean 3 and std sqrt(8/3).
        var first = tracker.Update(["a", "a", "b"], [1f, 3f, 5f]);
        double batchStd = Math.Sqrt(8.0 / 3.0) + 1e-6;
        Assert.Equal(-2 / batchStd, first[0], 12);
        Assert.Equal(0, first[1], 12);
        Assert.Equal(2 / batchStd, first[2], 12);

        // a's buffer (size 4) becomes [3, 5, 7, 9] after dropping 1: mean 6, population std sqrt(5).
        var second = tracker.Update(["a", "a", "a"], [5f, 7f, 9f]);
        double bufferStd = Math.Sqrt(5.0) + 1e-6;
        Assert.Equal(-1 / bufferStd, second[0], 12);
        Assert.Equal(1 / bufferStd, second[1], 12);
        Assert.Equal(3 / bufferStd, second[2], 12);
        Assert.Equal([3f, 5f, 7f, 9f], tracker.Buffers["a"]);
        Assert.Equal([5f], tracker.Buffers["b"]);

        // b still has 1 < 3 rewards, so it is normalised by this batch (mean 2, std 1).
        var third = tracker.Update(["b", "a"], [1f, 3f]);
        Assert.Equal((1 - 2) / (1 + 1e-6), third[0], 12);
    }

    [Fact]
    public void TrackerBuffersRestoreExactly()
    {
        var tracker = new PerPromptStatTracker(4, 2);
        tracker.Update(["x", "y", "x"], [0.1f, 0.7f, 0.3f]);
        var copy = new PerPromptStatTracker(4, 2);
        copy.Restore(tracker.Buffers);
        Assert.Equal(tracker.Update(["x", "y"], [0.5f, 0.2f]), copy.Update(["x", "y"], [0.5f, 0.2f]));
        Assert.Throws<ArgumentException>(() => copy.Restore(new Dictionary<string, float[]> { ["x"] = new float[5] }));
    }

    [Fact]
    public void GroupRelativeAdvantageSubtractsTheGroupMeanAndDividesByTheBatchStd()
    {
        var advantages = GroupRelativeAdvantage.Compute(["a", "a", "b", "b"], [1f, 3f, 10f, 14f]);
        // Group means 2 and 12; batch mean 7, population std sqrt(110/4).
        double std = Math.Sqrt(110.0 / 4) + 1e-6;
        Assert.Equal([-1 / std, 1 / std, -2 / std, 2 / std], advantages, (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void AdvantagesAreClippedSymmetrically()
    {
        Assert.Equal([-5f, -3f, 0f, 5f], AdvantageClipping.Clip([-12, -3, 0, 7], 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdvantageClipping.Clip([1], 0));
    }
}
