using System.Text;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Hashing;
using CanonicalJson = Toolchain.Pipeline.Hashing.CanonicalJson;
using Toolchain.Specs.Loading;

namespace Toolchain.Stages.Release;

/// <summary>
/// The dataset spec and pipeline YAML exactly as written, stored under the release's spec/ folder
/// at their paths relative to the nearest folder holding both (e.g. <c>dataset-specs/ci.yaml</c>,
/// <c>pipelines/tiny-cpu.yaml</c>), so the spec's relative <c>pipeline:</c> path still resolves
/// when the audit restores them. No absolute path is stored.
/// </summary>
public sealed record SpecSnapshot(string SpecPath, string SpecText, string PipelinePath, string PipelineText)
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static SpecSnapshot Of(ResolvedSpec spec)
    {
        var specFile = Path.GetFullPath(spec.SpecFile);
        var pipelineFile = Path.GetFullPath(spec.Pipeline.File);
        var common = CommonFolder(Path.GetDirectoryName(specFile)!, Path.GetDirectoryName(pipelineFile)!);
        return new SpecSnapshot(
            Relative(common, specFile), File.ReadAllText(specFile, Encoding.UTF8),
            Relative(common, pipelineFile), File.ReadAllText(pipelineFile, Encoding.UTF8));
    }

    /// <summary>Writes spec/&lt;paths&gt; and spec/files.json under <paramref name="releaseFolder"/>.</summary>
    public void Write(string releaseFolder)
    {
        WriteText(releaseFolder, SpecPath, SpecText);
        if (PipelinePath != SpecPath) WriteText(releaseFolder, PipelinePath, PipelineText);
        var index = new JsonObject { ["dataset_spec"] = SpecPath, ["pipeline"] = PipelinePath };
        File.WriteAllText(Path.Combine(releaseFolder, ReleaseLayout.SpecIndex), CanonicalJson.SerializeIndented(index) + "\n", Utf8NoBom);
    }

    /// <summary>Reads the snapshot a release holds.</summary>
    public static SpecSnapshot Read(string releaseFolder)
    {
        var indexPath = Path.Combine(releaseFolder, ReleaseLayout.SpecIndex);
        if (!File.Exists(indexPath))
        {
            throw new ToolchainError($"{indexPath} not found: the release does not hold its spec files", exitCode: 2);
        }
        var index = JsonNode.Parse(File.ReadAllText(indexPath, Encoding.UTF8)) as JsonObject
            ?? throw new ToolchainError($"{indexPath}: expected a JSON object", exitCode: 2);
        string Entry(string key)
        {
            var value = index[key]?.GetValue<string>() ?? throw new ToolchainError($"{indexPath}: missing '{key}'", exitCode: 2);
            CheckRelative(value, indexPath);
            return value;
        }
        var specPath = Entry("dataset_spec");
        var pipelinePath = Entry("pipeline");
        return new SpecSnapshot(
            specPath, File.ReadAllText(Path.Combine(releaseFolder, ReleaseLayout.SpecFolder, specPath), Encoding.UTF8),
            pipelinePath, File.ReadAllText(Path.Combine(releaseFolder, ReleaseLayout.SpecFolder, pipelinePath), Encoding.UTF8));
    }

    /// <summary>Writes both files under <paramref name="root"/> and returns the dataset spec's path there.</summary>
    public string Restore(string root)
    {
        foreach (var (path, text) in new[] { (SpecPath, SpecText), (PipelinePath, PipelineText) })
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text, Utf8NoBom);
        }
        return Path.Combine(root, SpecPath);
    }

    private static void WriteText(string releaseFolder, string relative, string text)
    {
        var full = Path.Combine(releaseFolder, ReleaseLayout.SpecFolder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, Utf8NoBom);
    }

    private static string CommonFolder(string a, string b)
    {
        var common = a;
        while (!IsWithin(b, common))
        {
            common = Path.GetDirectoryName(common) ?? throw new ToolchainError($"{a} and {b} share no folder", exitCode: 2);
        }
        return common;
    }

    private static bool IsWithin(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Relative(string folder, string file) =>
        Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');

    private static void CheckRelative(string path, string source)
    {
        if (path.Length == 0 || path.StartsWith('/') || path.Contains('\\') || path.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ToolchainError($"{source}: '{path}' is not a relative path inside spec/", exitCode: 2);
        }
    }
}
