using Toolchain.Diffusion.Runtime;
using Toolchain.Core;
using Toolchain.Diffusion.Weights;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Vlfm;
using static TorchSharp.torch;

namespace Toolchain.Stages.Rewards;

/// <summary>
/// The on-disk form of train_reward's models: a folder with <c>config.json</c> (the Vision config record) and
/// <c>model.safetensors</c> (the state dict); dual encoders also carry the CLIP <c>tokenizer/</c> their ids come from.
/// </summary>
public static class ModelFiles
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";
    public const string TokenizerFolder = "tokenizer";

    public static void SaveClassifier(string folder, MultiLabelClassifier model)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ConfigFile), model.Config.ToJson() + "\n");
        SafetensorsWriter.Save(Path.Combine(folder, WeightsFile), model.StateDict());
    }

    public static MultiLabelClassifier LoadClassifier(string folder)
    {
        var config = MultiLabelClassifierConfig.FromJson(ReadConfig(folder), Path.Combine(folder, ConfigFile));
        // The generator only seeds the initial weights, which the file then replaces.
        using var generator = ComputeDevice.Generator(0);
        var model = new MultiLabelClassifier(config, generator);
        LoadWeights(folder, model.LoadStateDict);
        model.eval();
        return model;
    }

    public static void SaveDualEncoder(string folder, DualEncoder model)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ConfigFile), model.Config.ToJson() + "\n");
        SafetensorsWriter.Save(Path.Combine(folder, WeightsFile), model.StateDict());
    }

    public static DualEncoder LoadDualEncoder(string folder)
    {
        var config = DualEncoderConfig.FromJson(ReadConfig(folder), Path.Combine(folder, ConfigFile));
        using var generator = ComputeDevice.Generator(0);
        var model = new DualEncoder(config, generator);
        LoadWeights(folder, model.LoadStateDict);
        model.eval();
        return model;
    }

    private static string ReadConfig(string folder)
    {
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path))
        {
            throw new ToolchainError($"'{folder}' holds no trained model: {ConfigFile} is missing");
        }
        return File.ReadAllText(path);
    }

    private static void LoadWeights(string folder, Action<IReadOnlyDictionary<string, Tensor>> load)
    {
        var path = Path.Combine(folder, WeightsFile);
        if (!File.Exists(path))
        {
            throw new ToolchainError($"'{folder}' holds no trained model: {WeightsFile} is missing");
        }
        using var file = SafetensorsFile.Open(path);
        var weights = file.ReadAll();
        try
        {
            load(weights);
        }
        finally
        {
            foreach (var tensor in weights.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
