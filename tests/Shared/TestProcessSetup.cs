using System.Runtime.CompilerServices;

namespace Toolchain.Tests.Shared;

/// <summary>Runs when a test assembly loads, before any test touches libtorch.</summary>
internal static class TestProcessSetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        Core.OpenMpWaitPolicy.PreferPassive();
        Core.CpuCodePath.Pin();
    }
}
