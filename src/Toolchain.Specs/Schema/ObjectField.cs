using System.Text.Json.Nodes;

namespace Toolchain.Specs.Schema;

/// <summary>What happens when a field is absent.</summary>
public enum FieldPresence
{
    /// <summary>Absent is an error.</summary>
    Required,

    /// <summary>Absent means the given default value.</summary>
    Defaulted,

    /// <summary>Absent means the nested object with all its own defaults.</summary>
    Section,

    /// <summary>Absent stays absent (the feature is off or the value is computed elsewhere).</summary>
    Optional,
}

/// <summary>A named field of an <see cref="ObjectSchema"/>.</summary>
public sealed record ObjectField(string Name, SchemaNode Schema, FieldPresence Presence, JsonNode? Default, string Description);
