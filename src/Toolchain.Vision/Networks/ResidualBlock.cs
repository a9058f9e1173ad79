using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>
/// ResNet basic block: relu(norm(conv(relu(norm(conv(x))))) + shortcut(x)); the shortcut is a strided
/// 1x1 conv plus norm when the block changes resolution or channels, the identity otherwise.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly ConvNormAct conv1;
    private readonly ConvNormAct conv2;
    private readonly nn.Module<Tensor, Tensor>? shortcut;
#pragma warning restore IDE1006

    public ResidualBlock(BackboneConfig config, long inChannels, long outChannels, long stride, Generator generator)
        : base(nameof(ResidualBlock))
    {
        conv1 = new ConvNormAct(config, inChannels, outChannels, stride, activate: true, generator);
        conv2 = new ConvNormAct(config, outChannels, outChannels, 1, activate: false, generator);
        if (stride != 1 || inChannels != outChannels)
        {
            shortcut = nn.Sequential(
                ("0", Layers.Conv2d(inChannels, outChannels, 1, stride, 0, bias: false, generator)),
                ("1", Layers.Norm(config, outChannels)));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var residual = conv2.forward(conv1.forward(input));
        var skip = shortcut is null ? input : shortcut.forward(input);
        return nn.functional.relu(residual + skip).MoveToOuterDisposeScope();
    }
}
