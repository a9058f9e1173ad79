using static TorchSharp.torch;

namespace Toolchain.Rl.Policy;

/// <summary>One Gaussian denoising step of the policy, evaluated at recorded transitions.</summary>
/// <param name="Mean">(B, ...) mean of x_prev given x_t (DDIM: sqrt(a_prev) x0 + sqrt(1 - a_prev - std^2) eps).</param>
/// <param name="Std">(B) standard deviation of the step (eta * sqrt(variance)); it does not depend on the parameters.</param>
/// <param name="LogProb">(B) log-density of the recorded x_prev, averaged over the non-batch dimensions.</param>
public sealed record PolicyStep(Tensor Mean, Tensor Std, Tensor LogProb);
