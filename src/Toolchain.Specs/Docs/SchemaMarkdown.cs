using System.Text;
using System.Text.Json.Nodes;
using Toolchain.Specs.Model;
using Toolchain.Specs.Schema;
using Toolchain.Specs.Stages;

namespace Toolchain.Specs.Docs;

/// <summary>
/// Renders <c>docs/spec-reference.md</c> from the schema itself, so the reference cannot drift from
/// what the validator accepts. <c>toolchain schema</c> prints it; a test compares it with the committed file.
/// </summary>
public static class SchemaMarkdown
{
    public static string Render()
    {
        var md = new StringBuilder();
        md.Append("# Spec reference\n\n");
        md.Append("<!-- Generated from the schema in src/Toolchain.Specs by SchemaMarkdown.Render(); do not edit by hand.\n");
        md.Append("     Regenerate with `toolchain schema > docs/spec-reference.md`. -->\n\n");
        md.Append("Two YAML documents describe a dataset. A **dataset spec** (`dataset-specs/*.yaml`) says what to produce;\n");
        md.Append("a **pipeline** (`pipelines/*.yaml`) says how. The spec names its pipeline by a path relative to itself and may\n");
        md.Append("change pipeline settings under `overrides:` (deep-merged: mappings merge key by key, lists and values are replaced).\n");
        md.Append("Paths are relative to the file that writes them. Every error in both files is reported at once as\n");
        md.Append("`file:line:column: key.path: message`; an invalid spec exits with code 2.\n\n");
        md.Append("In the tables, *required* keys must be given, *optional* keys may be left out (the feature is then off),\n");
        md.Append("and a value in the default column is used when the key is absent.\n\n");

        md.Append("## Dataset spec\n\n");
        Table(md, DatasetSpecSchema.Root, "");

        md.Append("\n## Pipeline\n\n");
        Table(md, PipelineSchema.Root, "");
        foreach (var stage in StageCatalog.All)
        {
            md.Append($"\n### Stage `{stage.Name}` (version {stage.Version})\n\n");
            md.Append(stage.Description).Append('\n');
            var reads = stage.Requires.Select(r => $"`{r}`").Concat(stage.UsesIfPresent.Select(r => $"`{r}` (if present)")).ToList();
            md.Append(reads.Count == 0 ? "Reads no other stage.\n\n" : $"Reads: {string.Join(", ", reads)}.\n\n");
            Table(md, stage.Schema, $"stages.{stage.Name}.");
        }
        return md.ToString();
    }

    private static void Table(StringBuilder md, ObjectSchema schema, string prefix)
    {
        md.Append("| Key | Type | Default | Description |\n");
        md.Append("| --- | --- | --- | --- |\n");
        Rows(md, schema, prefix);
    }

    private static void Rows(StringBuilder md, ObjectSchema schema, string prefix)
    {
        foreach (var field in schema.Fields)
        {
            var key = prefix + field.Name;
            var description = field.Description;
            var nested = field.Schema switch
            {
                ObjectSchema obj => obj,
                ListSchema { Item: ObjectSchema item } => item,
                _ => null,
            };
            if (nested is not null && nested.ExactlyOneGroups.Count > 0)
                description += " " + string.Join(" ", nested.ExactlyOneGroups.Select(g => $"Exactly one of {string.Join(", ", g.Select(n => $"`{n}`"))}."));
            md.Append($"| `{key}` | {field.Schema.TypeLabel} | {DefaultText(field)} | {Escape(description)} |\n");
            if (nested is not null)
                Rows(md, nested, field.Schema is ListSchema ? key + "[]." : key + ".");
        }
    }

    private static string DefaultText(ObjectField field) => field.Presence switch
    {
        FieldPresence.Required => "*required*",
        FieldPresence.Optional => "*optional*",
        FieldPresence.Section => "",
        _ => field.Default switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? "`\"\"`" : $"`{s}`",
            { } other => $"`{Escape(other.ToJsonString())}`",
            null => "",
        },
    };

    private static string Escape(string text) => text.Replace("|", "\\|");
}
