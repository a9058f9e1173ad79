using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Hashing;
using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Tests;

public class CacheKeyTests
{
    /// <summary>Each case changes exactly one key component of <see cref="ComponentsFixture.Build"/>.</summary>
    public static TheoryData<string> Variations() =>
        new(VariationsByName.Keys.Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, Func<StageKeyComponents>> VariationsByName = new()
    {
        ["stage name"] = () => ComponentsFixture.Build(stage: "finetune2"),
        ["stage version"] = () => ComponentsFixture.Build(version: 2),
        ["settings.epochs"] = () => ComponentsFixture.Build(settings: s => s["epochs"] = 4),
        ["settings.lr"] = () => ComponentsFixture.Build(settings: s => s["lr"] = 2e-4),
        ["settings.model.size"] = () => ComponentsFixture.Build(settings: s => s["model"]!["size"] = "small"),
        ["settings.model.channels[1]"] = () => ComponentsFixture.Build(settings: s => s["model"]!["channels"]![1] = 128),
        ["settings added"] = () => ComponentsFixture.Build(settings: s => s["warmup"] = 0),
        ["settings epochs int to string"] = () => ComponentsFixture.Build(settings: s => s["epochs"] = "3"),
        ["input prepare digest"] = () => ComponentsFixture.Build(inputs: i => i["prepare"] = Sha256Hex.OfString("prepare outputs v2")),
        ["input weights digest"] = () => ComponentsFixture.Build(inputs: i => i["weights"] = Sha256Hex.OfString("other weights")),
        ["input renamed"] = () => ComponentsFixture.Build(inputs: i => { i["data"] = i["prepare"]; i.Remove("prepare"); }),
        ["seeds.seed"] = () => ComponentsFixture.Build(seeds: s => s["seed"] = 43),
        ["seeds.sampler_seed"] = () => ComponentsFixture.Build(seeds: s => s["sampler_seed"] = 8),
        ["environment.libtorch"] = () => ComponentsFixture.Build(environment: e => e["libtorch"] = "2.11.0"),
        ["environment.device"] = () => ComponentsFixture.Build(environment: e => e["device"] = "cuda:0"),
        ["environment.dtype"] = () => ComponentsFixture.Build(environment: e => e["dtype"] = "bfloat16"),
        ["environment.threads"] = () => ComponentsFixture.Build(environment: e => e["threads"] = 4),
    };

    [Theory]
    [MemberData(nameof(Variations))]
    public void Changing_one_component_changes_the_key_and_misses_the_cache(string variation)
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path);
        var baseline = ComponentsFixture.Build();
        cache.Produce(baseline, outputs => File.WriteAllText(Path.Combine(outputs, "model.bin"), "weights"));

        var changed = VariationsByName[variation]();

        Assert.NotEqual(baseline.Key, changed.Key);
        Assert.Equal(CacheLookupStatus.Missing, cache.TryGet(changed.Stage, changed.Key).Status);
        Assert.True(cache.TryGet(baseline.Stage, baseline.Key).IsHit);
        Assert.True(cache.TryGet(baseline.Stage, ComponentsFixture.Build().Key).IsHit);
    }

    [Fact]
    public void Key_is_the_sha256_of_the_documented_canonical_json()
    {
        var components = new StageKeyComponents("prepare", 2,
            new JsonObject { ["size"] = 64, ["lr"] = 0.5 },
            new Dictionary<string, string> { ["raw"] = new string('a', 64) },
            new JsonObject { ["seed"] = 1 },
            new JsonObject { ["threads"] = 2, ["device"] = "cpu" });

        var expectedText =
            "{\"environment\":{\"device\":\"cpu\",\"threads\":2}," +
            "\"inputs\":{\"raw\":\"" + new string('a', 64) + "\"}," +
            "\"seeds\":{\"seed\":1}," +
            "\"settings\":{\"lr\":0.5,\"size\":64}," +
            "\"stage\":\"prepare\",\"stage_version\":2}";
        Assert.Equal(expectedText, CanonicalJson.Serialize(components.ToJson()));
        Assert.Equal(Sha256Hex.OfString(expectedText), components.Key.Hex);
    }

    [Fact]
    public void Key_ignores_insertion_order_and_later_mutation_of_the_callers_objects()
    {
        var settings = new JsonObject { ["b"] = 2, ["a"] = 1 };
        var components = new StageKeyComponents("s", 1, settings);
        settings["a"] = 99;

        Assert.Equal(new StageKeyComponents("s", 1, new JsonObject { ["a"] = 1, ["b"] = 2 }).Key, components.Key);
        Assert.Equal(1, components.Settings["a"]!.GetValue<int>());
    }

    [Fact]
    public void Components_round_trip_through_json()
    {
        var original = ComponentsFixture.Build();
        var copy = StageKeyComponents.FromJson(JsonNode.Parse(CanonicalJson.SerializeIndented(original.ToJson()))!.AsObject(), "key.json");
        Assert.Equal(original.Key, copy.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData(".tmp-x")]
    [InlineData("a/b")]
    public void Stage_names_that_are_not_safe_folder_names_are_rejected(string stage)
    {
        var error = Assert.Throws<ToolchainError>(() => new StageKeyComponents(stage, 1));
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void Input_digests_must_be_sha256()
    {
        var error = Assert.Throws<ToolchainError>(() => new StageKeyComponents("s", 1, inputs: new Dictionary<string, string> { ["x"] = "abc" }));
        Assert.Contains("input 'x'", error.Message);
    }

    [Fact]
    public void Nan_in_settings_is_rejected_when_the_key_is_built()
    {
        var error = Assert.Throws<ToolchainError>(() => new StageKeyComponents("s", 1, new JsonObject { ["lr"] = double.NaN }));
        Assert.Contains("settings.lr", error.Message);
    }
}
