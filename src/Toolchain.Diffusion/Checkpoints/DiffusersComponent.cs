using Toolchain.Diffusion.Runtime;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Models.Vae;
using Toolchain.Diffusion.Weights;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// One model folder of a diffusers checkpoint (<c>unet/</c>, <c>vae/</c>): <c>config.json</c> plus
/// <c>diffusion_pytorch_model.safetensors</c>. Loading is strict; saving is byte-deterministic.
/// </summary>
public static class DiffusersComponent
{
    public const string ConfigFileName = "config.json";
    public const string WeightsFileName = "diffusion_pytorch_model.safetensors";

    /// <summary>The <c>_class_name</c> in the folder's config.json.</summary>
    public static string ReadClassName(string folder)
    {
        var reader = ConfigReader.Load(ConfigPath(folder));
        return reader.ClassName ?? throw reader.Error("_class_name", "is required to know which model the folder holds");
    }

    public static UNet2DConditionModel LoadUnet(string folder)
    {
        var config = UNet2DConditionConfig.Load(ConfigPath(folder));
        // The initial values are overwritten by the checkpoint; the seed only makes construction deterministic.
        var model = new UNet2DConditionModel(config, ComputeDevice.Generator(0));
        LoadWeights(model, folder, renameKey: null);
        return model;
    }

    public static AutoencoderKL LoadVae(string folder)
    {
        var config = AutoencoderKLConfig.Load(ConfigPath(folder));
        var model = new AutoencoderKL(config, ComputeDevice.Generator(0));
        LoadWeights(model, folder, LegacyVaeKeys.ToCurrent);
        return model;
    }

    public static void Save(UNet2DConditionModel model, string folder) => Save(model, model.Config.ToJson(), folder);

    public static void Save(AutoencoderKL model, string folder) => Save(model, model.Config.ToJson(), folder);

    private static void Save(nn.Module model, string configJson, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ConfigFileName), configJson);
        StateDictLoader.Save(model, Path.Combine(folder, WeightsFileName));
    }

    private static string ConfigPath(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new WeightsFormatError($"{folder}: model folder not found");
        }
        return Path.Combine(folder, ConfigFileName);
    }

    private static void LoadWeights(nn.Module model, string folder, Func<string, string>? renameKey)
    {
        string path = Path.Combine(folder, WeightsFileName);
        if (!File.Exists(path))
        {
            var others = Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            throw new WeightsFormatError($"{path}: not found (the folder holds: {(others.Count == 0 ? "nothing" : string.Join(", ", others))}); only safetensors weights are loaded");
        }
        using var file = SafetensorsFile.Open(path);
        StateDictLoader.Load(model, file, renameKey);
    }
}
