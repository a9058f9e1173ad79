using System.Text.Json;
using System.Text.Json.Serialization;
using Toolchain.Core;

namespace Toolchain.Vision;

/// <summary>JSON for the model config records: enums by name, unknown or missing members rejected.</summary>
public static class VisionJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Parses <paramref name="json"/>; <paramref name="source"/> names the file in the error message.</summary>
    public static T Deserialize<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new ToolchainError($"{source}: empty {typeof(T).Name}", 2);
        }
        catch (JsonException e)
        {
            throw new ToolchainError($"{source}: invalid {typeof(T).Name}: {e.Message}", 2, e);
        }
    }
}
