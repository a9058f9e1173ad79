using System.Text.Json.Nodes;
using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>LoRA adapter settings shared by finetune (mode: lora) and refine.</summary>
public static class LoraSchema
{
    public static ObjectSchema Build() => new ObjectSchema()
        .Default("rank", new IntSchema(1, 256), 4, "Rank of each low-rank update.")
        .Default("alpha", new FloatSchema(0, null, minExclusive: true), 4.0, "Scale numerator: the update is multiplied by alpha / rank.")
        .Default("dropout", new FloatSchema(0, 1, maxExclusive: true), 0.0, "Dropout on the adapter input during training.")
        .Default("target_modules", new ListSchema(new StringSchema(@"^[A-Za-z0-9_.]+$", "module name"), minItems: 1, uniqueItems: true),
            new JsonArray("to_q", "to_k", "to_v", "to_out.0"), "UNet linear layers that get adapters, by diffusers name: the attention projections by default; also `ff.net.0.proj`, `ff.net.2`, `time_emb_proj`, and `proj_in` / `proj_out` when the UNet projects linearly.");
}
