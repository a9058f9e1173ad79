using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;

namespace Toolchain.Specs.Stages;

/// <summary>
/// Checks of a pipeline that span stages or keys: required predecessors present and listed earlier,
/// rewards used only when trained, divisibility of the RL batch sizes, architecture consistency.
/// Also materialises refine's phases (one phase <c>main</c> when none are given).
/// </summary>
internal static class PipelineRules
{
    public static void Apply(JsonObject stages, ValidationContext context, string stagesPath = "stages")
    {
        string At(string stage, string key = "") => key.Length == 0 ? $"{stagesPath}.{stage}" : $"{stagesPath}.{stage}.{key}";
        var order = stages.Select(kv => kv.Key).ToList();

        foreach (var name in order)
        {
            var definition = StageCatalog.Get(name);
            foreach (var required in definition.Requires)
            {
                if (!stages.ContainsKey(required))
                    context.ErrorAt(At(name), $"stage '{name}' needs stage '{required}', which this pipeline does not have");
                else if (order.IndexOf(required) > order.IndexOf(name))
                    context.ErrorAt(At(name), $"stage '{name}' must come after '{required}', which it reads");
            }
            foreach (var optional in definition.UsesIfPresent)
            {
                if (stages.ContainsKey(optional) && order.IndexOf(optional) > order.IndexOf(name))
                    context.ErrorAt(At(name), $"stage '{name}' must come after '{optional}', which it reads");
            }
        }

        var trainReward = stages[StageCatalog.TrainReward] as JsonObject;
        bool Trained(string reward) => reward switch
        {
            RewardNames.Vlfm => JsonRead.Bool(JsonRead.Object(trainReward, "vlfm"), "enabled") == true,
            RewardNames.Region => JsonRead.Bool(JsonRead.Object(trainReward, "region"), "enabled") == true,
            _ => true,
        };
        void CheckRewardsTrained(JsonObject? weights, string path)
        {
            if (weights is null) return;
            foreach (var (reward, weight) in weights)
            {
                if (!Trained(reward))
                    context.ErrorAtKey($"{path}.{reward}", $"reward '{reward}' is not trained: set {At(StageCatalog.TrainReward, reward)}.enabled: true");
            }
            if (weights.Count > 0 && weights.All(w => w.Value!.GetValue<double>() == 0))
                context.ErrorAt(path, "at least one reward weight must be above 0");
        }

        if (stages[StageCatalog.Refine] is JsonObject refine) CheckRefine(refine, At(StageCatalog.Refine), context, CheckRewardsTrained);
        if (stages[StageCatalog.Filter] is JsonObject filter && JsonRead.String(filter, "reward") is { } filterReward && !Trained(filterReward))
            context.ErrorAt(At(StageCatalog.Filter, "reward"), $"reward '{filterReward}' is not trained: set {At(StageCatalog.TrainReward, filterReward)}.enabled: true");
        if (stages[StageCatalog.Finetune] is JsonObject finetune) CheckFinetune(finetune, At(StageCatalog.Finetune), context);
    }

    private static void CheckRefine(JsonObject refine, string path, ValidationContext context, Action<JsonObject?, string> checkRewards)
    {
        var samples = (int?)JsonRead.Number(refine, "samples_per_epoch");
        var epochs = (int?)JsonRead.Number(refine, "epochs");
        void MustDivide(string key)
        {
            if (samples is { } n && (int?)JsonRead.Number(refine, key) is { } d && n % d != 0)
                context.ErrorAt($"{path}.{key}", $"must divide samples_per_epoch ({n}) (got {d})");
        }
        MustDivide("batch_size");
        MustDivide("updates_per_epoch");
        if (JsonRead.String(refine, "algorithm") == "grpo") MustDivide("group_size");

        var tracking = JsonRead.Object(refine, "stat_tracking");
        if ((int?)JsonRead.Number(tracking, "min_count") is { } minCount && (int?)JsonRead.Number(tracking, "buffer_size") is { } buffer && minCount > buffer)
            context.ErrorAt($"{path}.stat_tracking.min_count", $"must be at most buffer_size ({buffer}) (got {minCount})");
        if (JsonRead.Number(refine, "eta") is 0.0 && JsonRead.String(refine, "algorithm") != "draft")
            context.ErrorAt($"{path}.eta", "must be above 0 for ddpo and grpo: with eta 0 the DDIM step has no noise, so it has no log-probability to train (algorithm draft accepts eta 0)");

        if (JsonRead.Array(refine, "phases") is { } phases)
        {
            if (context.NodeAt($"{path}.rewards") is not null)
                context.ErrorAtKey($"{path}.rewards", "is not used when phases are given: put the reward mix in each phase");
            for (var i = 0; i < phases.Count; i++)
                checkRewards(JsonRead.Object(phases[i], "rewards"), $"{path}.phases[{i}].rewards");
            var total = phases.Sum(p => (int?)JsonRead.Number(p, "epochs") ?? 0);
            if (epochs is { } e && total != e && phases.All(p => p?["epochs"] is not null))
                context.ErrorAt($"{path}.phases", $"the phases' epochs sum to {total} but epochs is {e}");
        }
        else if (JsonRead.Object(refine, "rewards") is { } rewards)
        {
            checkRewards(rewards, $"{path}.rewards");
            if (epochs is { } e)
                refine["phases"] = new JsonArray(new JsonObject { ["name"] = "main", ["epochs"] = e, ["rewards"] = rewards.DeepClone() });
        }
    }

    private static void CheckFinetune(JsonObject finetune, string path, ValidationContext context)
    {
        var fromScratch = JsonRead.String(finetune, "base") == "scratch";
        if (fromScratch && JsonRead.String(finetune, "mode") == "lora")
            context.ErrorAt($"{path}.mode", "mode 'lora' adapts a pretrained model: set 'base' to a checkpoint folder, or use mode 'full'");
        if (fromScratch && JsonRead.String(finetune, "space") == "latent")
            context.ErrorAt($"{path}.space", "space 'latent' needs the VAE of a checkpoint: set 'base' to a checkpoint folder, or use space 'pixel'");

        var noise = JsonRead.Object(finetune, "noise");
        if (JsonRead.Number(noise, "beta_start") is { } start && JsonRead.Number(noise, "beta_end") is { } end && start >= end)
            context.ErrorAt($"{path}.noise.beta_end", $"must be larger than beta_start ({start.ToString(System.Globalization.CultureInfo.InvariantCulture)})");

        if (!fromScratch) return;
        var unet = JsonRead.Object(finetune, "unet");
        var text = JsonRead.Object(finetune, "text_encoder");
        if ((int?)JsonRead.Number(unet, "norm_num_groups") is { } groups && JsonRead.Array(unet, "block_out_channels") is { } channels)
        {
            for (var i = 0; i < channels.Count; i++)
            {
                var c = channels[i]!.GetValue<int>();
                if (c % groups != 0)
                    context.ErrorAt($"{path}.unet.block_out_channels[{i}]", $"must be a multiple of norm_num_groups ({groups}) (got {c})");
            }
        }
        if (JsonRead.Array(unet, "down_block_types") is { } types && JsonRead.Array(unet, "block_out_channels") is { } levels && types.Count != levels.Count)
            context.ErrorAt($"{path}.unet.down_block_types", $"needs one entry per block_out_channels level ({levels.Count}) (got {types.Count})");
        if ((int?)JsonRead.Number(text, "hidden_size") is { } hidden)
        {
            if ((int?)JsonRead.Number(text, "heads") is { } heads && hidden % heads != 0)
                context.ErrorAt($"{path}.text_encoder.heads", $"must divide hidden_size ({hidden}) (got {heads})");
            if ((int?)JsonRead.Number(unet, "cross_attention_dim") is { } cross && cross != hidden)
                context.ErrorAt($"{path}.unet.cross_attention_dim", $"must equal text_encoder.hidden_size ({hidden}) (got {cross})");
        }
    }
}
