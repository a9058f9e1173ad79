using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Cache;

/// <summary>
/// File names of the cache on disk:
/// <code>
/// &lt;root&gt;/&lt;stage&gt;/&lt;key&gt;/outputs/          the stage's outputs
/// &lt;root&gt;/&lt;stage&gt;/&lt;key&gt;/manifest.sha256   manifest of outputs/
/// &lt;root&gt;/&lt;stage&gt;/&lt;key&gt;/key.json          the key's components (indented canonical JSON)
/// &lt;root&gt;/&lt;stage&gt;/&lt;key&gt;/metadata.json     optional extra facts returned by the work
/// &lt;root&gt;/&lt;stage&gt;/&lt;key&gt;/COMPLETE          manifest digest; written last, marks the entry valid
/// &lt;root&gt;/&lt;stage&gt;/&lt;key&gt;.lock              OS lock taken while producing the key
/// &lt;root&gt;/&lt;stage&gt;/.tmp-&lt;key&gt;-&lt;random&gt;/     work in progress, or an entry being deleted
/// &lt;root&gt;/&lt;stage&gt;/&lt;key&gt;.resume/           a long stage's checkpoints, so a killed run resumes; removed when the entry is made
/// </code>
/// </summary>
public static class CacheLayout
{
    public const string OutputsFolder = "outputs";
    public const string ManifestFile = "manifest.sha256";
    public const string KeyFile = "key.json";
    public const string MetadataFile = "metadata.json";
    public const string CompleteMarker = "COMPLETE";
    public const string LockSuffix = ".lock";
    public const string TempPrefix = ".tmp-";
    public const string ResumeSuffix = ".resume";

    public static string StageDirectory(string root, string stage) => Path.Combine(root, StageName.Validate(stage));

    public static string EntryDirectory(string root, string stage, CacheKey key) => Path.Combine(StageDirectory(root, stage), key.Hex);

    /// <summary>The entry folder holding an <c>outputs/</c> folder (where its key.json and manifest sit), or null at a root.</summary>
    public static string? EntryOfOutputs(string outputsDirectory) =>
        Path.GetDirectoryName(Path.GetFullPath(outputsDirectory.TrimEnd(Path.DirectorySeparatorChar)));

    public static string LockPath(string root, string stage, CacheKey key) => Path.Combine(StageDirectory(root, stage), key.Hex + LockSuffix);

    public static string ResumeDirectory(string root, string stage, CacheKey key) => Path.Combine(StageDirectory(root, stage), key.Hex + ResumeSuffix);

    /// <summary>The key a resume folder belongs to, from its name "&lt;key&gt;.resume".</summary>
    public static bool TryParseResumeName(string folderName, out CacheKey key)
    {
        key = default;
        return folderName.EndsWith(ResumeSuffix, StringComparison.Ordinal) && CacheKey.TryParse(folderName[..^ResumeSuffix.Length], out key);
    }

    public static string NewTempDirectory(string root, string stage, CacheKey key) =>
        Path.Combine(StageDirectory(root, stage), $"{TempPrefix}{key.Hex}-{Guid.NewGuid():N}");

    /// <summary>The key a temporary folder belongs to, from its name ".tmp-&lt;key&gt;-&lt;random&gt;".</summary>
    public static bool TryParseTempName(string folderName, out CacheKey key)
    {
        key = default;
        if (!folderName.StartsWith(TempPrefix, StringComparison.Ordinal)) return false;
        var rest = folderName[TempPrefix.Length..];
        var dash = rest.IndexOf('-');
        return dash > 0 && CacheKey.TryParse(rest[..dash], out key);
    }
}
