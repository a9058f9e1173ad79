namespace Toolchain.Stages.Filter;

/// <summary>Why a candidate was kept or dropped, checked in this order.</summary>
public enum FilterReason
{
    /// <summary>Kept: reward at or above the threshold, not memorised, not a duplicate, quota still open.</summary>
    Accepted,

    /// <summary>Its subgroup already had enough accepted images when its turn came.</summary>
    QuotaAlreadyMet,

    /// <summary>Reward below the threshold.</summary>
    BelowThreshold,

    /// <summary>Judge features too similar to a training image (possible memorisation).</summary>
    TooCloseToTrainingImage,

    /// <summary>Judge features too similar to an already accepted candidate.</summary>
    NearDuplicate,
}

public static class FilterReasons
{
    /// <summary>The snake_case name written to decisions.csv and acceptance.json.</summary>
    public static string Code(this FilterReason reason) => reason switch
    {
        FilterReason.Accepted => "accepted",
        FilterReason.QuotaAlreadyMet => "quota_already_met",
        FilterReason.BelowThreshold => "below_threshold",
        FilterReason.TooCloseToTrainingImage => "too_close_to_training_image",
        _ => "near_duplicate",
    };
}
