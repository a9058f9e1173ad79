using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>
/// Small ResNet: a stem conv-norm-ReLU at full resolution, then per stage one stride-2 residual block that
/// doubles the channels and (BlocksPerStage - 1) identity-shortcut residual blocks.
/// </summary>
public sealed class TinyResNet : Backbone
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly ConvNormAct stem;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> stages;
#pragma warning restore IDE1006

    public TinyResNet(BackboneConfig config, Generator generator) : base(nameof(TinyResNet), config)
    {
        stem = new ConvNormAct(config, 3, config.Width, 1, activate: true, generator);
        stages = new ModuleList<nn.Module<Tensor, Tensor>>();
        long channels = config.Width;
        for (int s = 0; s < config.Stages; s++)
        {
            var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (int b = 0; b < config.BlocksPerStage; b++)
            {
                var block = b == 0
                    ? new ResidualBlock(config, channels, channels * 2, 2, generator)
                    : new ResidualBlock(config, channels * 2, channels * 2, 1, generator);
                blocks.Add((b.ToString(CultureInfo.InvariantCulture), block));
            }
            stages.Add(nn.Sequential(blocks));
            channels *= 2;
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        CheckInput(images);
        using var scope = NewDisposeScope();
        var x = stem.forward(images);
        foreach (var stage in stages)
        {
            x = stage.forward(x);
        }
        return x.MoveToOuterDisposeScope();
    }
}
