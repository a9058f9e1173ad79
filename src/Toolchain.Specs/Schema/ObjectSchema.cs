using System.Text.Json.Nodes;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Schema;

/// <summary>
/// A mapping with a fixed set of named fields. Unknown keys are errors (with the closest known key
/// suggested); absent fields get their defaults; groups of fields may be declared mutually
/// exclusive with exactly one required (a quota is exactly one of count / fill_to / ratio).
/// </summary>
public sealed class ObjectSchema : SchemaNode
{
    private readonly List<ObjectField> _fields = [];
    private readonly List<string[]> _exactlyOne = [];

    public IReadOnlyList<ObjectField> Fields => _fields;
    public IReadOnlyList<IReadOnlyList<string>> ExactlyOneGroups => _exactlyOne;

    public override string TypeLabel => "object";

    public ObjectSchema Required(string name, SchemaNode schema, string description) =>
        Add(new ObjectField(name, schema, FieldPresence.Required, null, description));

    public ObjectSchema Default(string name, SchemaNode schema, JsonNode defaultValue, string description) =>
        Add(new ObjectField(name, schema, FieldPresence.Defaulted, defaultValue, description));

    public ObjectSchema Section(string name, ObjectSchema schema, string description) =>
        Add(new ObjectField(name, schema, FieldPresence.Section, null, description));

    public ObjectSchema Optional(string name, SchemaNode schema, string description) =>
        Add(new ObjectField(name, schema, FieldPresence.Optional, null, description));

    /// <summary>Exactly one of these (optional) fields must be set.</summary>
    public ObjectSchema ExactlyOneOf(params string[] names)
    {
        foreach (var name in names)
        {
            if (_fields.All(f => f.Name != name || f.Presence != FieldPresence.Optional))
                throw new InvalidOperationException($"'{name}' must be declared as an optional field before it joins a one-of group.");
        }
        _exactlyOne.Add(names);
        return this;
    }

    public ObjectField? Field(string name) => _fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The object as it is when written empty: every default, recursively.</summary>
    public JsonObject Defaults()
    {
        var result = new JsonObject();
        foreach (var field in _fields)
        {
            if (DefaultOf(field) is { } value) result[field.Name] = value;
        }
        return result;
    }

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        // "refine:" with nothing under it means "all defaults".
        if (node is ScalarNode { IsNull: true }) node = new MappingNode(node.Location, node.DocumentPath, []) { BaseDirectory = node.BaseDirectory };
        if (node is not MappingNode mapping)
        {
            context.Error(node, $"expected a mapping (got {node.Describe()})");
            return null;
        }

        var values = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (key, valueNode) in mapping.Entries)
        {
            var field = Field(key.Value);
            var childPath = ValidationContext.Join(logicalPath, key.Value);
            context.RecordKey(childPath, key);
            if (field is null)
            {
                context.Record(childPath, key);
                context.Error(key, UnknownKeyMessage(key.Value));
                continue;
            }
            // An explicit null on an optional field means "not set"; on others it is a type error below.
            if (field.Presence != FieldPresence.Required && valueNode is ScalarNode { IsNull: true } && field.Schema is not ObjectSchema)
                continue;
            var value = field.Schema.Validate(valueNode, childPath, context);
            if (value is not null) values[field.Name] = value;
        }

        foreach (var group in _exactlyOne)
        {
            var present = group.Where(n => mapping[n] is not null and not ScalarNode { IsNull: true }).ToList();
            if (present.Count == 1) continue;
            if (present.Count == 0)
                context.Error(mapping, $"needs exactly one of {string.Join(", ", group)}");
            else
                context.Error(mapping[present[1]]!, $"{present[1]} cannot be combined with {present[0]}: set exactly one of {string.Join(", ", group)}");
        }

        var result = new JsonObject();
        foreach (var field in _fields)
        {
            if (values.TryGetValue(field.Name, out var value))
            {
                result[field.Name] = value;
            }
            else if (mapping[field.Name] is null or ScalarNode { IsNull: true })
            {
                if (field.Presence == FieldPresence.Required)
                {
                    context.ErrorUnder(mapping, field.Name, $"missing required key '{field.Name}'");
                }
                else if (DefaultOf(field) is { } fallback)
                {
                    result[field.Name] = fallback;
                }
            }
        }
        return result;
    }

    private string UnknownKeyMessage(string key)
    {
        var names = _fields.Select(f => f.Name).ToList();
        if (KeySuggester.Closest(key, names) is { } close) return $"unknown key '{key}'; did you mean '{close}'?";
        return $"unknown key '{key}' (known keys: {string.Join(", ", names)})";
    }

    private ObjectSchema Add(ObjectField field)
    {
        if (Field(field.Name) is not null) throw new InvalidOperationException($"Field '{field.Name}' is declared twice.");
        _fields.Add(field);
        return this;
    }

    private static JsonNode? DefaultOf(ObjectField field) => field.Presence switch
    {
        FieldPresence.Defaulted => field.Default!.DeepClone(),
        FieldPresence.Section => ((ObjectSchema)field.Schema).Defaults(),
        _ => null,
    };
}
