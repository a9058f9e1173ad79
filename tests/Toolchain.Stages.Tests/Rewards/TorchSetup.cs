using System.Runtime.CompilerServices;
using Toolchain.Diffusion.Runtime;

namespace Toolchain.Stages.Tests.Rewards;

internal static class TorchSetup
{
    /// <summary>Passive OpenMP waiting must be set before libtorch loads; on a busy shared CPU spinning workers are many times slower.</summary>
    [ModuleInitializer]
    internal static void Configure() => EngineEnvironment.Configure(2);
}
