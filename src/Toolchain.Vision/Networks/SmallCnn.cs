using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>
/// Plain conv stack: a stem conv-norm-ReLU at full resolution, then per stage one stride-2 conv-norm-ReLU
/// that doubles the channels followed by (BlocksPerStage) conv-norm-ReLU at the new resolution.
/// </summary>
public sealed class SmallCnn : Backbone
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly ConvNormAct stem;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> stages;
#pragma warning restore IDE1006

    public SmallCnn(BackboneConfig config, Generator generator) : base(nameof(SmallCnn), config)
    {
        stem = new ConvNormAct(config, 3, config.Width, 1, activate: true, generator);
        stages = new ModuleList<nn.Module<Tensor, Tensor>>();
        long channels = config.Width;
        for (int s = 0; s < config.Stages; s++)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>
            {
                ("0", new ConvNormAct(config, channels, channels * 2, 2, activate: true, generator)),
            };
            for (int b = 0; b < config.BlocksPerStage; b++)
            {
                layers.Add(((b + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new ConvNormAct(config, channels * 2, channels * 2, 1, activate: true, generator)));
            }
            stages.Add(nn.Sequential(layers));
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
