using System.Runtime.InteropServices;

namespace Toolchain.Core;

/// <summary>
/// Turns libtorch's oneDNN (MKLDNN) CPU kernels on or off, as <c>torch.backends.mkldnn.enabled</c> does in
/// Python (TorchSharp 0.107 does not expose it, so this calls <c>at::globalContext().setUserEnabledMkldnn</c>).
/// Off, convolutions use ATen's own kernels. Callers must have loaded TorchSharp (any torch call) first;
/// <c>EngineEnvironment.Configure</c> and <c>TorchThreads.Configure</c> turn it off for every process that trains or samples.
/// </summary>
/// <remarks>
/// Why the toolchain turns it off everywhere: on this libtorch build the oneDNN
/// 3x3 convolution reads memory it never wrote for some channel counts (e.g. 24 to 16 channels on a
/// 32x24x16x16 batch). Stale NaN bit patterns then turn the output into NaN (reproduced by freeing
/// NaN-filled tensors before the call), and with 2 threads the same training step gave different losses run
/// to run. With oneDNN off both are gone: outputs are finite whatever the heap holds, and training is
/// bit-reproducible at 1 and 2 threads (see OneDnnSwitchTests and TrainerDeterminismTests). The same bug
/// produced NaN LoRA gradients in Refine even on one thread.
/// </remarks>
public static class OneDnnSwitch
{
    private const string Library = "libtorch_cpu";

    public static bool Enabled
    {
        get => UserEnabledMkldnn(GlobalContext());
        set => SetUserEnabledMkldnn(GlobalContext(), value);
    }

    [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    // x86-64 System V: the implicit `this` is the first argument.
    [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);
}
