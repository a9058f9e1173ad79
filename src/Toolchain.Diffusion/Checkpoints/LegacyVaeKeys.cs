namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// Older diffusers VAEs name the mid-block attention projections query/key/value/proj_attn; diffusers 0.25
/// renames them to to_q/to_k/to_v/to_out.0 when loading, and so do we.
/// </summary>
public static class LegacyVaeKeys
{
    private static readonly (string Old, string New)[] Renames =
    [
        (".query.", ".to_q."),
        (".key.", ".to_k."),
        (".value.", ".to_v."),
        (".proj_attn.", ".to_out.0."),
    ];

    public static string ToCurrent(string key)
    {
        if (!key.Contains(".mid_block.attentions.", StringComparison.Ordinal))
        {
            return key;
        }
        foreach (var (old, current) in Renames)
        {
            int at = key.LastIndexOf(old, StringComparison.Ordinal);
            if (at >= 0)
            {
                return string.Concat(key.AsSpan(0, at), current, key.AsSpan(at + old.Length));
            }
        }
        return key;
    }
}
