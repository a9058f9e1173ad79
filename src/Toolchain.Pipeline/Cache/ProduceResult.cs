namespace Toolchain.Pipeline.Cache;

public enum ProduceOutcome
{
    /// <summary>The entry already existed (possibly produced by another run while this one waited).</summary>
    Hit,

    /// <summary>This run did the work and published the entry.</summary>
    Produced,
}

/// <summary>
/// What Produce did. <see cref="Replaced"/> says why an existing but unusable entry
/// (corrupt or incomplete) was discarded before producing, so that is never silent.
/// </summary>
public sealed record ProduceResult(CacheEntry Entry, ProduceOutcome Outcome, string? Replaced);
