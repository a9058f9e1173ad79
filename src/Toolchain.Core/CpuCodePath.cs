using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Toolchain.Core;

/// <summary>
/// Pins the instruction-set code paths libtorch computes with, so that the same spec gives the same bytes on
/// x86-64 hosts with different CPUs, and records them, since they enter every stage's cache key.
/// </summary>
/// <remarks>
/// libtorch picks its vectorised ATen kernels (<c>ATEN_CPU_CAPABILITY</c>: default, avx2, avx512) and its
/// bundled MKL picks its BLAS code path by the CPU it finds. Both change floating-point results: on the ci spec,
/// every stage after Prepare produced other bytes with <c>ATEN_CPU_CAPABILITY=default</c> than with the host's
/// own AVX2 kernels, and other bytes again with MKL's conditional numerical reproducibility mode on
/// (<c>MKL_CBWR</c>; measured on an AMD EPYC host). So left to choose, two hosts of one machine type can
/// disagree under equal cache keys. Both variables are read when libtorch first needs them, so
/// <see cref="Pin"/> must run before the first torch call of the process. A value the user set is kept (and
/// recorded): this is the way to trade reproducibility across hosts for AVX-512 speed.
/// </remarks>
public static class CpuCodePath
{
    public const string AtenVariable = "ATEN_CPU_CAPABILITY";
    public const string MklVariable = "MKL_CBWR";

    /// <summary>
    /// AVX2 with FMA: the newest level that nearly every x86-64 server has, so hosts with AVX-512 compute as those
    /// without. MKL's STRICT mode makes its AVX2 branch bitwise reproducible across processors that support it.
    /// </summary>
    private const string AtenAvx2 = "avx2", MklAvx2 = "AVX2,STRICT";

    // A CPU without AVX2 takes ATen's scalar kernels and MKL's SSE2 branch; the key then says so.
    private const string AtenBaseline = "default", MklBaseline = "COMPATIBLE";

    /// <summary>Sets both variables in the native environment unless the user already set them.</summary>
    public static void Pin()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        bool avx2 = Avx2.IsSupported && Fma.IsSupported;
        NativeEnvironment.SetDefault(AtenVariable, avx2 ? AtenAvx2 : AtenBaseline);
        NativeEnvironment.SetDefault(MklVariable, avx2 ? MklAvx2 : MklBaseline);
    }

    /// <summary>MKL's code path as the process asked for it (MKL offers no exported way to read its choice back).</summary>
    public static string MklBranch => Environment.GetEnvironmentVariable(MklVariable)
        ?? throw new InvalidOperationException($"{MklVariable} is unset: CpuCodePath.Pin must run before the first torch call");

    /// <summary>
    /// The kernel level libtorch actually dispatches to (<c>at::get_cpu_capability()</c>, as
    /// <c>torch.backends.cpu.get_cpu_capability()</c> reports it in Python), which is lower than the one asked for
    /// when the CPU lacks it. Needs libtorch loaded.
    /// </summary>
    public static string AtenCapability
    {
        get
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            {
                // Other ABIs return the string another way (AArch64 passes its address in x8; libc++ lays it out differently).
                throw new PlatformNotSupportedException("reading libtorch's CPU capability is implemented for linux-x64 only");
            }
            // The function returns a std::string (libstdc++, x86-64 System V): the caller passes 32 bytes for it,
            // laid out as {char* data; size_t length; char local[16]}. Capability names fit the local buffer, so
            // nothing is allocated that would need libstdc++ to free.
            IntPtr text = Marshal.AllocHGlobal(32);
            try
            {
                GetCpuCapability(text);
                IntPtr data = Marshal.ReadIntPtr(text);
                long length = Marshal.ReadInt64(text, 8);
                if (data != text + 16 || length is < 0 or > 15)
                {
                    throw new InvalidOperationException($"unexpected std::string layout from at::get_cpu_capability (length {length})");
                }
                return Marshal.PtrToStringAnsi(data, (int)length);
            }
            finally
            {
                Marshal.FreeHGlobal(text);
            }
        }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at18get_cpu_capabilityB5cxx11Ev")]
    private static extern void GetCpuCapability(IntPtr result);
}
