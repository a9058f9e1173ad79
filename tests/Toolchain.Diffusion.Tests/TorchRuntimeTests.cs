using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void SmallNetworkTrainsInThisProcess()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(seed: 7);
        var net = nn.Sequential(("fc1", nn.Linear(4, 16)), ("act", nn.GELU()), ("fc2", nn.Linear(16, 1)));
        var x = randn(new long[] { 64, 4 }, generator: gen);
        var y = x.sum(1, keepdim: true);
        var opt = optim.Adam(net.parameters(), lr: 1e-2);
        double first = 0, last = 0;
        for (int i = 0; i < 100; i++)
        {
            using var step = NewDisposeScope();
            opt.zero_grad();
            var loss = nn.functional.mse_loss(net.forward(x), y);
            loss.backward();
            opt.step();
            if (i == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first * 0.1, $"loss went from {first} to {last}");
    }
}
