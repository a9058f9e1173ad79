namespace Toolchain.Diffusion.Benchmarks;

/// <param name="ModelFolder">A diffusers unet/ folder, or null for <see cref="Models.Unet.UNetPresets.TinyCpu"/>.</param>
/// <param name="Resolution">Input height and width (latent or pixel size, as the model consumes it).</param>
/// <param name="Tokens">Text tokens the cross-attention attends to (77 for CLIP).</param>
/// <param name="MemorySteps">Training and sampling steps for the resident-memory check, 0 to skip it.</param>
/// <param name="MemoryWarmup">Steps before the first reading. Freed native memory stays in the heap
/// (<see cref="Core.NativeHeapPolicy"/>), which grows to its working size over the first steps (measured on the demo UNet:
/// +47 MB over 200 steps after a 20-step warm-up, +49 MB over 400), so a short warm-up would count that fill as growth.</param>
public sealed record UnetBenchmarkOptions(
    string? ModelFolder = null,
    int Batch = 32,
    int Resolution = 32,
    int Tokens = 77,
    int Threads = 2,
    int Warmup = 2,
    int Iterations = 10,
    int MemorySteps = 0,
    int MemoryWarmup = 100);
