using System.Text.Json.Nodes;

namespace Toolchain.Stages.Filter;

/// <summary>filter's resolved settings. Similarities are cosines of judge penultimate-layer features.</summary>
public sealed record FilterSettings(
    string Reward,
    double Threshold,
    int? MaxPerSubgroup,
    bool FailOnUnmetQuota,
    double NearDuplicateThreshold,
    double MemorisationThreshold)
{
    public static FilterSettings From(JsonObject settings) => new(
        settings["reward"]!.GetValue<string>(),
        settings["threshold"]!.GetValue<double>(),
        settings["max_samples_per_subgroup"]?.GetValue<int>(),
        settings["on_unmet_quota"]!.GetValue<string>() == "fail",
        settings["near_duplicate_threshold"]!.GetValue<double>(),
        settings["memorisation_threshold"]!.GetValue<double>());
}
