using static TorchSharp.torch;

namespace Toolchain.Stages.Rewards;

/// <summary>Shape checks shared by the reward functions: one prompt per image, RGB images in pixel space.</summary>
internal static class RewardInputs
{
    public static void Check(Tensor finals, IReadOnlyList<string> prompts)
    {
        if (finals.dim() != 4 || finals.shape[1] != 3)
        {
            throw new ArgumentException($"rewards score (B, 3, H, W) pixel-space images in [-1, 1], got ({string.Join(", ", finals.shape)}); decode latents first", nameof(finals));
        }
        if (finals.shape[0] != prompts.Count)
        {
            throw new ArgumentException($"{finals.shape[0]} images but {prompts.Count} prompts", nameof(prompts));
        }
    }

    /// <summary>Float32 on the CPU, clamped to the valid pixel range (a policy's raw output may overshoot it slightly).</summary>
    public static Tensor Prepare(Tensor finals) => finals.detach().to_type(ScalarType.Float32).cpu().clamp(-1.0, 1.0);
}
