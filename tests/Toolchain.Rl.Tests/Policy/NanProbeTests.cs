using Toolchain.Diffusion.Runtime;
using Toolchain.Rl.Policy;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Policy;

public sealed class NanProbeTests(ITestOutputHelper log)
{
    [Fact]
    public void Probe()
    {
        EngineEnvironment.Configure(2);
        int bad = 0;
        for (int trial = 0; trial < 30; trial++)
        {
            var (policy, lora) = TinyUnetSetup.Policy(new DdimPolicySettings(2, 3.0, 1.0), perturbAdapters: false, seed: (ulong)trial);
            using var scope = NewDisposeScope();
            Trajectory trajectory;
            using (no_grad())
            {
                trajectory = policy.Sample([0, 1, 2, 0], new Generator(5));
            }
            for (int column = 0; column < 2; column++)
            {
                foreach (var p in policy.TrainableParameters) { p.grad?.zero_(); }
                var step = policy.Evaluate(new TransitionBatch(
                    trajectory.Latents[TensorIndex.Colon, column],
                    trajectory.Latents[TensorIndex.Colon, column + 1],
                    trajectory.Timesteps[column].expand(4).contiguous(),
                    trajectory.PromptIndices));
                step.LogProb.sum().backward();
                var nan = lora.Adapters.SelectMany(a => new[] { (a.ModulePath + ".A", a.A), (a.ModulePath + ".B", a.B) })
                    .Where(p => p.Item2.grad is null || !p.Item2.grad.isfinite().all().item<bool>()).Select(p => p.Item1).ToList();
                if (nan.Count > 0)
                {
                    bad++;
                    log.WriteLine($"trial {trial} column {column}: logprob finite {step.LogProb.isfinite().all().item<bool>()}; non-finite grads: {string.Join(", ", nan)}");
                }
            }
            lora.Dispose();
        }
        log.WriteLine($"{bad} bad");
    }
}
