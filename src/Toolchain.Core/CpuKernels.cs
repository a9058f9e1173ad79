using System.Runtime.InteropServices;

namespace Toolchain.Core;

/// <summary>
/// Chooses which of libtorch's CPU kernel libraries may run, as <c>torch.backends.mkldnn.enabled</c> and
/// <c>torch.backends.nnpack.enabled</c> do in Python (TorchSharp 0.107 exposes neither, so this calls
/// <c>at::globalContext()</c> directly). Callers must have loaded TorchSharp (any torch call) first;
/// <c>EngineEnvironment.Configure</c> calls <see cref="UseAtenKernels"/> for every process that trains or
/// samples (the CLI and the test projects).
/// </summary>
/// <remarks>
/// Why oneDNN is off: on this libtorch build its 3x3 convolution reads memory it never wrote for some channel
/// counts (e.g. 24 to 16 channels on a 32x24x16x16 batch). Stale NaN bit patterns then turn the output into
/// NaN (reproduced by freeing NaN-filled tensors before the call): FineTune diverged and Refine's LoRA
/// gradients came back NaN, on 1 thread as on 2; and with 2 threads the same training step gave different
/// losses run to run. With ATen's own kernels outputs are finite whatever the heap holds, and training is
/// bit-reproducible at 1 and 2 threads (CpuKernelsTests, TrainerDeterminismTests).
/// Why NNPACK is off: it cannot run on CPUs without the instructions it needs, and then libtorch tries it
/// and prints "Could not initialize NNPACK" on every convolution (tens of thousands of lines per stage).
/// </remarks>
public static class CpuKernels
{
    private const string Library = "libtorch_cpu";

    public static bool OneDnn
    {
        get => UserEnabledMkldnn(GlobalContext());
        set => SetUserEnabledMkldnn(GlobalContext(), value);
    }

    public static bool Nnpack
    {
        get => UserEnabledNnpack(GlobalContext());
        set => SetUserEnabledNnpack(GlobalContext(), value);
    }

    /// <summary>Turns oneDNN and NNPACK off, leaving ATen's own CPU kernels.</summary>
    public static void UseAtenKernels()
    {
        OneDnn = false;
        Nnpack = false;
    }

    [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    // x86-64 System V: the implicit `this` is the first argument.
    [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNnpack(IntPtr context);
}
