using System.Text.Json.Nodes;
using Toolchain.Pipeline.Hashing;
using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Tests;

/// <summary>A realistic stage key with one of every component, and ways to vary each.</summary>
public static class ComponentsFixture
{
    public static readonly string PrepareDigest = Sha256Hex.OfString("prepare outputs v1");
    public static readonly string WeightsDigest = Sha256Hex.OfString("base weights");

    public static JsonObject Settings() => new()
    {
        ["epochs"] = 3,
        ["lr"] = 1e-4,
        ["model"] = new JsonObject { ["size"] = "tiny", ["channels"] = new JsonArray(32, 64) },
    };

    public static Dictionary<string, string> Inputs() => new() { ["prepare"] = PrepareDigest, ["weights"] = WeightsDigest };

    public static JsonObject Seeds() => new() { ["seed"] = 42, ["sampler_seed"] = 7 };

    public static JsonObject Environment() => new()
    {
        ["libtorch"] = "2.10.0",
        ["device"] = "cpu",
        ["dtype"] = "float32",
        ["threads"] = 2,
    };

    public static StageKeyComponents Build(
        string stage = "finetune",
        int version = 1,
        Action<JsonObject>? settings = null,
        Action<Dictionary<string, string>>? inputs = null,
        Action<JsonObject>? seeds = null,
        Action<JsonObject>? environment = null)
    {
        var s = Settings();
        settings?.Invoke(s);
        var i = Inputs();
        inputs?.Invoke(i);
        var sd = Seeds();
        seeds?.Invoke(sd);
        var e = Environment();
        environment?.Invoke(e);
        return new StageKeyComponents(stage, version, s, i, sd, e);
    }
}
