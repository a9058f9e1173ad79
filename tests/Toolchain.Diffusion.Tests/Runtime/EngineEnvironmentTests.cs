using System.Globalization;
using System.Runtime.InteropServices;
using Toolchain.Core;
using Toolchain.Diffusion.Runtime;

namespace Toolchain.Diffusion.Tests.Runtime;

/// <summary>What configuring the engine pins for every stage: threads, CPU kernels, heap policy, and what enters cache keys.</summary>
public class EngineEnvironmentTests
{
    [Fact]
    public void ConfigureLeavesAtenKernelsAndNamesThemInTheEnvironment()
    {
        CpuKernels.OneDnn = true;
        var environment = EngineEnvironment.Configure(2);
        Assert.False(CpuKernels.OneDnn);
        Assert.False(CpuKernels.Nnpack);
        Assert.Equal(2, TorchSharp.torch.get_num_threads());
        Assert.Contains(new KeyValuePair<string, string>("cpu_kernels", "aten"), environment.ToDictionary());
    }

    [Fact]
    public void GlibcAcceptsTheHeapPolicy()
    {
        // The project's machines run glibc (Debian); elsewhere the policy is a documented no-op.
        Assert.Equal(OperatingSystem.IsLinux(), NativeHeapPolicy.KeepFreedMemory());
    }

    [Fact]
    public void WhatTheHeapKeepsIsReturnedOnRequest()
    {
        Assert.Equal(OperatingSystem.IsLinux(), NativeHeapPolicy.KeepFreedMemory());
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(NativeHeapPolicy.ReturnFreedMemory());
            return;
        }
        // 256 blocks of 1 MiB, the size of libtorch's activations here, written so that their pages are resident, each
        // followed by a small block that stays live (as a loaded model's tensors would): the freed blocks then lie
        // between live memory, where the heap keeps them, whichever of glibc's per-thread heaps this thread uses.
        var blocks = new List<nint>();
        var live = new List<nint>();
        for (int i = 0; i < 256; i++)
        {
            blocks.Add(Marshal.AllocHGlobal(1 << 20));
            live.Add(Marshal.AllocHGlobal(64));
        }
        foreach (var block in blocks)
        {
            for (int offset = 0; offset < 1 << 20; offset += 4096)
            {
                Marshal.WriteByte(block, offset, 1);
            }
        }
        long touched = ResidentBytes();
        blocks.ForEach(Marshal.FreeHGlobal);
        long kept = ResidentBytes();

        Assert.True(NativeHeapPolicy.ReturnFreedMemory());
        long returned = kept - ResidentBytes();
        live.ForEach(Marshal.FreeHGlobal);
        Assert.True(returned > 128L << 20, $"only {returned >> 20} MiB of the freed 256 MiB left the process (touched {touched >> 20}, kept {kept >> 20})");
    }

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
