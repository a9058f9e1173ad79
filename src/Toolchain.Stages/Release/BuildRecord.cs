using System.Text;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Diffusion.Runtime;
using Toolchain.Pipeline.Hashing;

namespace Toolchain.Stages.Release;

/// <summary>
/// provenance/build.json: the toolchain revision and engine environment that wrote the release,
/// in a form the audit reads back (the datasheet says the same in prose).
/// </summary>
public sealed record BuildRecord(string SourceRevision, JsonObject Environment)
{
    public const string File = "provenance/build.json";

    public static BuildRecord Of(EngineEnvironment environment)
    {
        var json = new JsonObject();
        foreach (var (key, value) in environment.ToDictionary()) json[key] = value;
        return new BuildRecord(Release.SourceRevision.Current, json);
    }

    public string ToText() =>
        CanonicalJson.SerializeIndented(new JsonObject { ["source_revision"] = SourceRevision, ["environment"] = Environment.DeepClone() }) + "\n";

    public static BuildRecord Read(string releaseFolder)
    {
        var path = Path.Combine(releaseFolder, File);
        if (!System.IO.File.Exists(path)) throw new ToolchainError($"{path} not found: not a release folder", exitCode: 2);
        var json = JsonNode.Parse(System.IO.File.ReadAllText(path, Encoding.UTF8)) as JsonObject
            ?? throw new ToolchainError($"{path}: expected a JSON object", exitCode: 2);
        var revision = json["source_revision"]?.GetValue<string>() ?? throw new ToolchainError($"{path}: missing source_revision", exitCode: 2);
        var environment = json["environment"] as JsonObject ?? throw new ToolchainError($"{path}: missing environment", exitCode: 2);
        return new BuildRecord(revision, (JsonObject)environment.DeepClone());
    }
}
