using Toolchain.Pipeline.Manifests;

namespace Toolchain.Pipeline.Cache;

public enum CacheLookupStatus
{
    /// <summary>Complete (and, if asked, verified) entry.</summary>
    Hit,

    /// <summary>No entry folder for the key.</summary>
    Missing,

    /// <summary>An entry folder without its completion marker: interrupted or still being finished.</summary>
    Incomplete,

    /// <summary>A marked entry whose files disagree with its manifest, marker or key.</summary>
    Corrupt,
}

/// <summary>The result of looking up a key: the entry on a hit, otherwise why there is none.</summary>
public sealed class CacheLookup
{
    public CacheLookup(CacheLookupStatus status, CacheEntry? entry, string? problem, ManifestVerification? verification = null)
    {
        Status = status;
        Entry = entry;
        Problem = problem;
        Verification = verification;
    }

    public CacheLookupStatus Status { get; }

    /// <summary>Non-null exactly when <see cref="Status"/> is Hit.</summary>
    public CacheEntry? Entry { get; }

    /// <summary>Why the lookup is not a hit, in words.</summary>
    public string? Problem { get; }

    /// <summary>The failed output verification when a verified lookup found altered outputs.</summary>
    public ManifestVerification? Verification { get; }

    public bool IsHit => Status == CacheLookupStatus.Hit;
}
