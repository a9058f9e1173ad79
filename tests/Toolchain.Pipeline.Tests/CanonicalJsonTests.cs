using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Hashing;

namespace Toolchain.Pipeline.Tests;

public class CanonicalJsonTests
{
    [Fact]
    public void Object_keys_are_sorted_ordinally_at_every_depth_without_whitespace()
    {
        var node = new JsonObject
        {
            ["b"] = 1,
            ["a"] = new JsonObject { ["z"] = true, ["Z"] = false, ["aa"] = null },
            ["_"] = new JsonArray(3, "x"),
        };

        // Ordinal: 'Z' (0x5A) < '_' (0x5F) < 'a' (0x61).
        Assert.Equal("{\"_\":[3,\"x\"],\"a\":{\"Z\":false,\"aa\":null,\"z\":true},\"b\":1}", CanonicalJson.Serialize(node));
    }

    [Fact]
    public void Insertion_order_and_parsed_versus_built_nodes_give_the_same_text()
    {
        var built = new JsonObject { ["lr"] = 0.0001, ["epochs"] = 3, ["name"] = "unet" };
        var reordered = new JsonObject { ["name"] = "unet", ["epochs"] = 3L, ["lr"] = 1e-4 };
        var parsed = JsonNode.Parse("{ \"name\" : \"unet\", \"lr\": 1.0E-4, \"epochs\": 3.0 }");

        var expected = "{\"epochs\":3,\"lr\":0.0001,\"name\":\"unet\"}";
        Assert.Equal(expected, CanonicalJson.Serialize(built));
        Assert.Equal(expected, CanonicalJson.Serialize(reordered));
        Assert.Equal(expected, CanonicalJson.Serialize(parsed));
    }

    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(-0.0, "0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(2.5e300, "2.5e+300")]
    [InlineData(1e-8, "1e-8")]
    [InlineData(1e18, "1000000000000000000")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    public void Doubles_are_written_in_a_stable_round_trip_form(double value, string expected)
    {
        var text = CanonicalJson.Serialize(JsonValue.Create(value));
        Assert.Equal(expected, text);
        Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical JCS text.</summary>
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Numbers_follow_the_JCS_test_vectors(string ieee754, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(unchecked((long)Convert.ToUInt64(ieee754, 16)));

        Assert.Equal(expected, CanonicalJson.Serialize(JsonValue.Create(value)));
        // Parsed from text (a JsonElement), as numbers read from a file are.
        Assert.Equal(expected, CanonicalJson.Serialize(JsonNode.Parse(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData("7fffffffffffffff")]
    [InlineData("7ff0000000000000")]
    public void The_JCS_vectors_without_a_JSON_form_are_rejected(string ieee754)
    {
        var value = BitConverter.Int64BitsToDouble(unchecked((long)Convert.ToUInt64(ieee754, 16)));
        Assert.Throws<ToolchainError>(() => CanonicalJson.Serialize(JsonValue.Create(value)));
    }

    [Fact]
    public void Equal_numbers_of_different_clr_types_agree()
    {
        var forms = new JsonNode?[] { JsonValue.Create(3), JsonValue.Create(3L), JsonValue.Create(3.0), JsonValue.Create(3.0f), JsonValue.Create(3.00m), JsonNode.Parse("3.0") };
        Assert.All(forms, f => Assert.Equal("3", CanonicalJson.Serialize(f)));

        Assert.Equal("0.1", CanonicalJson.Serialize(JsonValue.Create(0.1f)));
        Assert.Equal("0.1", CanonicalJson.Serialize(JsonValue.Create(0.10m)));
        Assert.Equal("0.1", CanonicalJson.Serialize(JsonNode.Parse("0.10")));
        Assert.Equal(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), CanonicalJson.Serialize(JsonValue.Create(long.MaxValue)));
        Assert.Equal(ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), CanonicalJson.Serialize(JsonValue.Create(ulong.MaxValue)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_numbers_are_rejected_naming_the_path(double value)
    {
        var node = new JsonObject { ["settings"] = new JsonObject { ["lr"] = value } };
        var error = Assert.Throws<ToolchainError>(() => CanonicalJson.Serialize(node));
        Assert.Contains("$.settings.lr", error.Message);
        Assert.Contains("not a finite number", error.Message);
    }

    [Fact]
    public void Strings_use_a_fixed_minimal_escaping()
    {
        var text = "quote\" back\\ nl\n tab\t cr\r bell\u0007 del\u007f é 中 😀 </script>";
        Assert.Equal(
            "\"quote\\\" back\\\\ nl\\n tab\\t cr\\r bell\\u0007 del\u007f é 中 😀 </script>\"",
            CanonicalJson.Serialize(JsonValue.Create(text)));
    }

    [Fact]
    public void Lone_surrogates_are_rejected()
    {
        var error = Assert.Throws<ToolchainError>(() => CanonicalJson.Serialize(new JsonObject { ["p"] = "a\ud800b" }));
        Assert.Contains("lone UTF-16 surrogate", error.Message);
    }

    [Fact]
    public void Indented_form_is_sorted_with_two_space_indent_and_parses_to_the_same_canonical_text()
    {
        var node = new JsonObject { ["b"] = new JsonArray(1, 2), ["a"] = new JsonObject(), ["c"] = new JsonObject { ["y"] = "v" } };
        var indented = CanonicalJson.SerializeIndented(node);
        Assert.Equal("{\n  \"a\": {},\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": {\n    \"y\": \"v\"\n  }\n}", indented);
        Assert.Equal(CanonicalJson.Serialize(node), CanonicalJson.Serialize(JsonNode.Parse(indented)));
    }

    [Fact]
    public void Sha256_helpers_match_the_standard_test_vector()
    {
        // FIPS 180-2 test vector for "abc".
        const string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        Assert.Equal(abc, Sha256Hex.OfString("abc"));
        Assert.Equal(abc, Sha256Hex.OfBytes("abc"u8));
        using var folder = new TempFolder();
        Assert.Equal(abc, Sha256Hex.OfFile(folder.WriteFile("abc.txt", "abc")));
        Assert.Equal(Sha256Hex.OfString("{\"a\":1}"), CanonicalJson.Digest(new JsonObject { ["a"] = 1 }));
    }
}
