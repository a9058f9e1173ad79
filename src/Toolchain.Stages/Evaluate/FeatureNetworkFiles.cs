using Toolchain.Core;
using Toolchain.Diffusion.Weights;
using Toolchain.Vision.Inception;
using Toolchain.Vision.Lpips;
using static TorchSharp.torch;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// Opens the user-supplied metric networks: safetensors only (a pickled .pth could run code), every tensor checked
/// against the network before any is used. How to convert the published weights is in docs/metrics.md.
/// </summary>
public static class FeatureNetworkFiles
{
    public static FidInceptionV3 LoadInception(string path) =>
        Load(path, "evaluate.inception_weights", new FidInceptionV3(), (network, weights) => network.LoadFidWeights(weights, path));

    public static LpipsAlex LoadLpips(string path) =>
        Load(path, "evaluate.lpips_weights", new LpipsAlex(), (network, weights) => network.LoadLpipsWeights(weights, path));

    private static T Load<T>(string path, string setting, T network, Action<T, IReadOnlyDictionary<string, Tensor>> load) where T : nn.Module
    {
        try
        {
            if (!File.Exists(path))
            {
                throw new ToolchainError($"{setting}: {path} does not exist", 2);
            }
            using var scope = NewDisposeScope();
            using var file = SafetensorsFile.Open(path);
            load(network, file.ReadAll());
            network.eval();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
