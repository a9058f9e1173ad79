using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>Puts a module in evaluation mode for a using-block and restores its previous mode afterwards.</summary>
public readonly struct EvalMode : IDisposable
{
    private readonly nn.Module module;
    private readonly bool wasTraining;

    private EvalMode(nn.Module module)
    {
        this.module = module;
        wasTraining = module.training;
        module.eval();
    }

    public static EvalMode Enter(nn.Module module) => new(module);

    public void Dispose() => module.train(wasTraining);
}
