using System.Reflection;
using Toolchain.Diffusion.Runtime;
using Toolchain.Stages.Release;

namespace Toolchain.Cli;

/// <summary>What <c>toolchain --version</c> prints: the toolchain's version and commit, and the engine it runs on.</summary>
public static class VersionText
{
    public static string Describe()
    {
        var version = typeof(VersionText).Assembly.GetName().Version?.ToString(3) ?? "?";
        return $"toolchain {version} (commit {SourceRevision.Current})\n"
            + $"{LibTorchDevices.Backend} {typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3)}, libtorch {TorchSharp.torch.__version__}\n"
            + $".NET {Environment.Version}\n";
    }
}
