using System.Runtime.CompilerServices;
using Toolchain.Vision;

namespace Toolchain.Evaluation.Tests.Downstream;

internal static class TorchSetup
{
    // Passive OpenMP waiting must be set before libtorch loads; busy-waiting on 2 shared cores stalls training tests.
    [ModuleInitializer]
    internal static void PinThreads() => TorchThreads.Configure(2);
}
