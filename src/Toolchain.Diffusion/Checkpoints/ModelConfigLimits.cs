using System.Globalization;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// Bounds on config.json values, checked before any module is built: the network allocates what the config
/// asks for, so norm_num_groups 0 divided by zero, block_out_channels [65536, 65536] asked for 64 GiB and
/// layers_per_block 1000000 grew without end. The bounds sit far above every published Stable Diffusion
/// (SD 1.x/2.x and SDXL: at most 1280 channels, 32 groups, 10 transformer layers, 4 blocks).
/// </summary>
public static class ModelConfigLimits
{
    public const int MaxGroups = 1024;
    public const int MaxBlocks = 8;
    public const int MaxChannels = 4096;
    public const int MaxLayers = 32;
    public const int MaxIoChannels = 64;
    public const int MaxKernel = 15;

    /// <summary>Throws a <see cref="ModelConfigError"/> naming the field unless 1 &lt;= value &lt;= max.</summary>
    public static void Check(string source, string field, int value, int max, string what = "")
    {
        if (value < 1 || value > max)
        {
            var unit = what.Length == 0 ? "" : " " + what;
            throw new ModelConfigError(string.Create(CultureInfo.InvariantCulture,
                $"{source}: field '{field}' is {value}{unit}; it must be between 1 and {max}{unit}"));
        }
    }

    public static void CheckEach(string source, string field, IEnumerable<int> values, int max)
    {
        foreach (var value in values) Check(source, field, value, max);
    }
}
