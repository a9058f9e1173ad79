using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>
/// A text value, optionally constrained by a pattern (named for messages, e.g. "a slug") and by a
/// check that returns an error message or null.
/// </summary>
public sealed class StringSchema : SchemaNode
{
    private readonly Regex? _pattern;

    public StringSchema(string? pattern = null, string? patternName = null, Func<string, string?>? check = null, string? typeLabel = null)
    {
        _pattern = pattern is null ? null : new Regex(pattern, RegexOptions.CultureInvariant);
        PatternName = patternName;
        Check = check;
        TypeLabel = typeLabel ?? (patternName is null ? "string" : $"string ({patternName})");
    }

    public string? PatternName { get; }
    public Func<string, string?>? Check { get; }
    public override string TypeLabel { get; }

    /// <summary>Lower-case letters, digits and dashes: safe in file names and cache keys.</summary>
    public static StringSchema Slug() => new(@"^[a-z0-9][a-z0-9-]*$", "slug: lower-case letters, digits and '-'");

    /// <summary>A Hugging Face dataset-card licence id: "cc-by-4.0", "apache-2.0", "other".</summary>
    public static StringSchema LicenseId() => new(@"^[a-z0-9][a-z0-9.-]*$", "licence id: lower-case letters, digits, '.' and '-'");

    /// <summary>Semantic version <c>MAJOR.MINOR.PATCH</c> with an optional pre-release tag.</summary>
    public static StringSchema SemVer() => new(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$", "semantic version, e.g. 1.0.0");

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        var scalar = RequireScalar(node, "a string", context);
        if (scalar is null) return null;
        if (_pattern is not null && !_pattern.IsMatch(scalar.Value))
        {
            context.Error(node, $"must be a {PatternName} (got {scalar.Describe()})");
            return null;
        }
        if (Check?.Invoke(scalar.Value) is { } problem)
        {
            context.Error(node, problem);
            return null;
        }
        return JsonValue.Create(scalar.Value);
    }
}
