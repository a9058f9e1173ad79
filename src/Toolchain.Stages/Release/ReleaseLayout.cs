namespace Toolchain.Stages.Release;

/// <summary>
/// File names inside a release folder (the stage writes it to <c>release/</c> in its cache
/// outputs; publishing copies it to <c>releases/&lt;name&gt;/&lt;version&gt;/</c>):
/// <code>
/// images/&lt;subgroup&gt;/&lt;n&gt;.png          the accepted synthetic images (from filter's dataset/)
/// metadata.csv                     Hugging Face imagefolder metadata, one row per image
/// README.md                        the dataset card: Hugging Face YAML header, then the datasheet (what, how, use and limits, metrics, provenance)
/// report.html                      the final report (retrain's, else evaluate's), when the pipeline evaluates
/// resolved-spec.json               canonical JSON: dataset settings + every stage's resolved settings
/// lock.json                        the pipeline lock of every stage before release (keys, components, output digests)
/// provenance/&lt;stage&gt;.manifest      each upstream stage's output manifest (what the audit compares file by file)
/// provenance/build.json            toolchain source revision and engine environment that wrote the release
/// spec/&lt;path&gt;                      the dataset spec and pipeline YAML as written, relative to their common folder
/// spec/files.json                  which spec/ file is the dataset spec and which the pipeline
/// manifest                         SHA-256 and size of every file above (not of itself)
/// </code>
/// The optional tarball lives beside the folder, not in it: <c>release.tar.gz</c> and <c>release.tar.gz.sha256</c>.
/// </summary>
public static class ReleaseLayout
{
    public const string Folder = "release";
    public const string Tarball = "release.tar.gz";
    public const string TarballChecksum = "release.tar.gz.sha256";

    public const string ImagesFolder = "images";
    public const string Metadata = "metadata.csv";
    /// <summary>The datasheet as a Hugging Face dataset card, where the Hub and <c>load_dataset</c> users look.</summary>
    public const string DatasetCard = "README.md";
    public const string Report = "report.html";
    public const string ResolvedSpec = "resolved-spec.json";
    public const string Lock = "lock.json";
    public const string ProvenanceFolder = "provenance";
    public const string SpecFolder = "spec";
    public const string SpecIndex = "spec/files.json";
    public const string Manifest = "manifest";

    /// <summary>Where an upstream stage's output manifest is recorded, relative to the release folder.</summary>
    public static string StageManifest(string stage) => $"{ProvenanceFolder}/{stage}.manifest";
}
