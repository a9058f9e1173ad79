using System.Text.Json.Nodes;
using Toolchain.Specs.Schema;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Stages;

/// <summary>
/// A pipeline's <c>stages:</c>: keys are stage names in run order, each value is validated with
/// that stage's settings schema (defaults applied).
/// </summary>
public sealed class StagesMapSchema : SchemaNode
{
    public override string TypeLabel => "map of stage name to that stage's settings";

    protected override JsonNode? ValidateCore(SpecNode node, string logicalPath, ValidationContext context)
    {
        if (node is not MappingNode mapping)
        {
            context.Error(node, $"expected a mapping of stage names to settings (got {node.Describe()})");
            return null;
        }
        if (mapping.Entries.Count == 0)
        {
            context.Error(node, "needs at least one stage");
            return null;
        }
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Entries)
        {
            var childPath = ValidationContext.Join(logicalPath, key.Value);
            var stage = StageCatalog.Find(key.Value);
            if (stage is null)
            {
                context.Record(childPath, key);
                var hint = KeySuggester.Closest(key.Value, StageCatalog.Names) is { } close ? $"; did you mean '{close}'?" : "";
                context.Error(key, $"unknown stage '{key.Value}' (stages: {string.Join(", ", StageCatalog.Names)}){hint}");
                continue;
            }
            var settings = stage.Schema.Validate(value, childPath, context);
            if (settings is not null) result[key.Value] = settings;
        }
        return result;
    }
}
