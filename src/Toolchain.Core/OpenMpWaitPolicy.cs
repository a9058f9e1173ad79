namespace Toolchain.Core;

/// <summary>
/// libtorch's OpenMP workers spin while they wait for work. On a machine whose cores are busy with
/// other processes that spinning made 2-thread training about 20x slower (measured here); passive
/// waiting changes no results. OpenMP reads the variable once, when libtorch loads, so this must run
/// before the first torch call of the process.
/// </summary>
public static class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Sets OMP_WAIT_POLICY=PASSIVE in the native environment unless the user already chose a policy.</summary>
    public static void PreferPassive()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        NativeEnvironment.SetDefault(Variable, "PASSIVE");
    }
}
