using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Hashing;
using Toolchain.Pipeline.Keys;
using Toolchain.Pipeline.Manifests;

namespace Toolchain.Pipeline.Cache;

/// <summary>
/// Content-addressed store of stage outputs (layout in <see cref="CacheLayout"/>). Work runs in a
/// temporary folder and is renamed into place only when complete; the completion marker is
/// written last. A killed run therefore leaves at most a ".tmp-*" folder or an unmarked entry,
/// never one that looks valid. One OS lock per key keeps concurrent runs from doing the same
/// work twice.
/// </summary>
public sealed class StageCache
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public StageCache(string root, StageCacheOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new ToolchainError("The cache root folder is empty.", exitCode: 2);
        Root = Path.GetFullPath(root);
        Options = options ?? new StageCacheOptions();
    }

    public string Root { get; }
    public StageCacheOptions Options { get; }

    /// <summary>
    /// Looks the key up without locking. Returns a hit only for a marked entry whose marker,
    /// manifest and key.json agree and whose outputs pass <see cref="Manifest.QuickCheck"/> (same files and
    /// sizes, files modified since the entry was sealed rehashed); with <paramref name="verify"/> every output
    /// is rehashed. A mismatch is reported as <see cref="CacheLookupStatus.Corrupt"/>.
    /// </summary>
    public CacheLookup TryGet(string stage, CacheKey key, bool verify = false)
    {
        var directory = CacheLayout.EntryDirectory(Root, stage, key);
        var where = $"cache entry {stage}/{key.Short}";
        if (!Directory.Exists(directory))
            return new CacheLookup(CacheLookupStatus.Missing, null, $"{where} does not exist");

        var markerPath = Path.Combine(directory, CacheLayout.CompleteMarker);
        if (!File.Exists(markerPath))
            return new CacheLookup(CacheLookupStatus.Incomplete, null, $"{where} has no completion marker (interrupted run, or still being finished)");

        Manifest manifest;
        StageKeyComponents components;
        JsonObject? metadata = null;
        try
        {
            manifest = Manifest.Read(Path.Combine(directory, CacheLayout.ManifestFile));
            var marked = File.ReadAllText(markerPath, Encoding.UTF8).Trim();
            if (marked != manifest.Digest)
                return Corrupt($"{where}: completion marker records manifest {Shorten(marked)} but the manifest hashes to {manifest.Digest[..12]}");

            var keyPath = Path.Combine(directory, CacheLayout.KeyFile);
            components = StageKeyComponents.FromJson(ReadObject(keyPath), keyPath);
            if (components.Key != key || components.Stage != stage)
                return Corrupt($"{where}: key.json describes {components.Stage}/{components.Key.Short}, not this entry");

            var metadataPath = Path.Combine(directory, CacheLayout.MetadataFile);
            if (File.Exists(metadataPath)) metadata = ReadObject(metadataPath);
        }
        catch (Exception e) when (e is ToolchainError or IOException or JsonException)
        {
            return Corrupt($"{where}: {e.Message}");
        }

        var outputs = Path.Combine(directory, CacheLayout.OutputsFolder);
        if (!Directory.Exists(outputs))
            return Corrupt($"{where}: outputs folder is missing");
        // Always at least the quick check: downstream keys are built from this manifest's digest, so an entry
        // whose files no longer match it would pass edited bytes on under the original's name.
        ManifestVerification verification;
        try
        {
            verification = verify ? manifest.Verify(outputs) : manifest.QuickCheck(outputs, File.GetLastWriteTimeUtc(markerPath));
        }
        catch (Exception e) when (e is ToolchainError or IOException or UnauthorizedAccessException)
        {
            return Corrupt($"{where}: outputs cannot be checked against the manifest: {e.Message}");
        }
        if (!verification.IsValid)
            return new CacheLookup(CacheLookupStatus.Corrupt, null,
                $"{where}: outputs do not match the manifest: {verification.Describe()}", verification);

        return new CacheLookup(CacheLookupStatus.Hit, new CacheEntry(directory, components, manifest, metadata), null);
    }

    /// <summary>Produces (or reuses) the entry for <paramref name="components"/>; <paramref name="work"/> writes into the folder it is given.</summary>
    public ProduceResult Produce(StageKeyComponents components, Action<string> work, CancellationToken cancellation = default) =>
        Produce(components, outputs => { work(outputs); return null; }, cancellation);

    /// <summary>As <see cref="Produce(StageKeyComponents, Action{string}, CancellationToken)"/>; the work may return metadata stored as metadata.json.</summary>
    public ProduceResult Produce(StageKeyComponents components, Func<string, JsonObject?> work, CancellationToken cancellation = default) =>
        ProduceAsync(components, (outputs, _) => Task.FromResult(work(outputs)), cancellation).GetAwaiter().GetResult();

    /// <summary>
    /// Takes the key's lock (waiting or failing per <see cref="StageCacheOptions.LockWait"/>),
    /// re-checks for a hit (another run may have just produced it), discards a corrupt or
    /// incomplete entry saying why, removes stale temporary folders of the key, runs the work in
    /// a fresh temporary folder, writes manifest and key.json, renames the folder into place and
    /// finally writes the completion marker.
    /// </summary>
    public async Task<ProduceResult> ProduceAsync(
        StageKeyComponents components,
        Func<string, CancellationToken, Task<JsonObject?>> work,
        CancellationToken cancellation = default)
    {
        var stage = components.Stage;
        var key = components.Key;
        var what = $"stage {stage} key {key.Short}";
        Directory.CreateDirectory(CacheLayout.StageDirectory(Root, stage));

        using var keyLock = await KeyLock.AcquireAsync(CacheLayout.LockPath(Root, stage, key), what, Options, cancellation).ConfigureAwait(false);

        var existing = TryGet(stage, key, Options.VerifyOnHit);
        if (existing.IsHit) return new ProduceResult(existing.Entry!, ProduceOutcome.Hit, null);

        string? replaced = null;
        var entryDirectory = CacheLayout.EntryDirectory(Root, stage, key);
        if (existing.Status is CacheLookupStatus.Corrupt or CacheLookupStatus.Incomplete)
        {
            replaced = existing.Problem;
            Options.Log?.Invoke($"replacing {existing.Problem}");
            DeleteEntryFolder(stage, key, entryDirectory);
        }

        // We hold the key's lock, so any temporary folder of this key belongs to a dead run.
        DeleteTemporaries(stage, key);

        var temp = CacheLayout.NewTempDirectory(Root, stage, key);
        var tempOutputs = Path.Combine(temp, CacheLayout.OutputsFolder);
        Directory.CreateDirectory(tempOutputs);
        JsonObject? metadata;
        Manifest manifest;
        try
        {
            metadata = await work(tempOutputs, cancellation).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            manifest = Manifest.Create(tempOutputs);
            manifest.Write(Path.Combine(temp, CacheLayout.ManifestFile));
            WriteDurably(Path.Combine(temp, CacheLayout.KeyFile), CanonicalJson.SerializeIndented(components.ToJson()) + "\n");
            if (metadata is not null)
                WriteDurably(Path.Combine(temp, CacheLayout.MetadataFile), CanonicalJson.SerializeIndented(metadata) + "\n");
        }
        catch
        {
            TryDeleteDirectory(temp);
            throw;
        }

        // rename(2): the entry appears whole or not at all.
        Directory.Move(temp, entryDirectory);

        // Written last, itself atomically, so a torn marker cannot look like a valid one.
        var partialMarker = Path.Combine(entryDirectory, "." + CacheLayout.CompleteMarker + ".partial");
        WriteDurably(partialMarker, manifest.Digest + "\n");
        File.Move(partialMarker, Path.Combine(entryDirectory, CacheLayout.CompleteMarker));

        var entry = new CacheEntry(entryDirectory, components, manifest, metadata is null ? null : (JsonObject)metadata.DeepClone());
        return new ProduceResult(entry, ProduceOutcome.Produced, replaced);
    }

    /// <summary>Stage folders present in the cache.</summary>
    public IReadOnlyList<string> ListStages() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>()
                .Where(StageName.IsValid).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Keys with an entry folder (complete or not) under a stage.</summary>
    public IReadOnlyList<CacheKey> ListKeys(string stage)
    {
        var stageDirectory = CacheLayout.StageDirectory(Root, stage);
        if (!Directory.Exists(stageDirectory)) return [];
        var keys = new List<CacheKey>();
        foreach (var name in Directory.EnumerateDirectories(stageDirectory).Select(Path.GetFileName))
            if (CacheKey.TryParse(name, out var key)) keys.Add(key);
        return keys.OrderBy(k => k.Hex, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Deletes temporary folders left by dead runs, and resume folders of stages no run is producing now, in
    /// every stage; a folder whose key is locked (a run is producing it now) is left alone. Returns the bytes freed.
    /// </summary>
    public long CleanStaleTemporaries()
    {
        long freed = 0;
        foreach (var stage in ListStages())
        {
            var stageDirectory = CacheLayout.StageDirectory(Root, stage);
            var names = Directory.EnumerateDirectories(stageDirectory).Select(Path.GetFileName).OfType<string>().ToList();
            var keys = names
                .Select(n => CacheLayout.TryParseTempName(n, out var k) || CacheLayout.TryParseResumeName(n, out k) ? k : (CacheKey?)null)
                .OfType<CacheKey>().Distinct().ToList();
            foreach (var key in keys)
            {
                using var keyLock = KeyLock.TryAcquire(CacheLayout.LockPath(Root, stage, key));
                if (keyLock is null) continue;
                freed += DeleteTemporaries(stage, key);
                var resume = CacheLayout.ResumeDirectory(Root, stage, key);
                freed += FolderBytes(resume);
                if (Directory.Exists(resume)) Directory.Delete(resume, recursive: true);
            }
        }
        return freed;
    }

    /// <summary>
    /// Removes one entry while holding its key's lock; returns the bytes freed, or null when a
    /// run holds the lock (the entry is in use and is kept).
    /// </summary>
    public long? Remove(string stage, CacheKey key)
    {
        var entryDirectory = CacheLayout.EntryDirectory(Root, stage, key);
        if (!Directory.Exists(entryDirectory)) return 0;
        using var keyLock = KeyLock.TryAcquire(CacheLayout.LockPath(Root, stage, key));
        if (keyLock is null) return null;
        var bytes = FolderBytes(entryDirectory);
        DeleteEntryFolder(stage, key, entryDirectory);
        return bytes;
    }

    internal static long FolderBytes(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Sum(f => new FileInfo(f).Length)
            : 0;

    // Caller holds the key's lock. Renaming first means a crash mid-delete leaves a temp folder, not a damaged entry.
    private void DeleteEntryFolder(string stage, CacheKey key, string entryDirectory)
    {
        var doomed = CacheLayout.NewTempDirectory(Root, stage, key);
        Directory.Move(entryDirectory, doomed);
        Directory.Delete(doomed, recursive: true);
    }

    // Caller holds the key's lock.
    private long DeleteTemporaries(string stage, CacheKey key)
    {
        long freed = 0;
        var prefix = $"{CacheLayout.TempPrefix}{key.Hex}-";
        foreach (var temp in Directory.EnumerateDirectories(CacheLayout.StageDirectory(Root, stage), prefix + "*"))
        {
            freed += FolderBytes(temp);
            Directory.Delete(temp, recursive: true);
        }
        return freed;
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next run's stale-temp cleanup; the original failure matters more.
        }
    }

    private static void WriteDurably(string path, string text)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(Utf8NoBom.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }

    private static JsonObject ReadObject(string path) =>
        JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8)) as JsonObject
            ?? throw new ToolchainError($"{path}: expected a JSON object.", exitCode: 1);

    private static CacheLookup Corrupt(string problem) => new(CacheLookupStatus.Corrupt, null, problem);

    private static string Shorten(string text) => text.Length > 12 ? text[..12] : text;
}
