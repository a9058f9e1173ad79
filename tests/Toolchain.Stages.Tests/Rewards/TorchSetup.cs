using System.Runtime.CompilerServices;
using Toolchain.Vision;

namespace Toolchain.Stages.Tests.Rewards;

internal static class TorchSetup
{
    /// <summary>Passive OpenMP waiting must be set before libtorch loads; on a busy shared CPU spinning workers are many times slower.</summary>
    [ModuleInitializer]
    internal static void Configure() => TorchThreads.Configure(2);
}
