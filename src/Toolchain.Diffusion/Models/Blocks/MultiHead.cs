using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>Splits projected queries/keys/values into heads and runs fused scaled dot-product attention.</summary>
public static class MultiHead
{
    /// <summary>q (B, N, heads*d), k and v (B, M, heads*d) -> (B, N, heads*d); softmax scale 1/sqrt(d) as diffusers uses.</summary>
    public static Tensor Attend(Tensor query, Tensor key, Tensor value, long heads)
    {
        long batch = query.shape[0];
        long inner = query.shape[2];
        if (inner % heads != 0)
        {
            throw new ArgumentException($"attention width {inner} is not divisible by {heads} heads");
        }
        long headDim = inner / heads;
        var q = query.view(batch, -1, heads, headDim).transpose(1, 2);
        var k = key.view(batch, -1, heads, headDim).transpose(1, 2);
        var v = value.view(batch, -1, heads, headDim).transpose(1, 2);
        var attended = nn.functional.scaled_dot_product_attention(q, k, v);
        return attended.transpose(1, 2).reshape(batch, -1, inner);
    }
}
