namespace Toolchain.Specs.Yaml;

/// <summary>
/// Deep-merges an overriding mapping (a dataset spec's <c>overrides:</c>) into a base mapping (a
/// pipeline's <c>stages:</c>). Mappings merge key by key; scalars and lists are replaced whole.
/// Every node keeps its own file and key path, so errors point at whichever file supplied the value.
/// </summary>
public static class NodeMerger
{
    public static MappingNode Merge(MappingNode baseNode, MappingNode overlay)
    {
        var merged = new List<MappingEntry>();
        foreach (var entry in baseNode.Entries)
        {
            var replacement = overlay.Entries.FirstOrDefault(e => e.Key.Value == entry.Key.Value);
            if (replacement is null)
                merged.Add(entry);
            else if (entry.Value is MappingNode baseChild && replacement.Value is MappingNode overlayChild)
                merged.Add(entry with { Value = Merge(baseChild, overlayChild) });
            else if (entry.Value is MappingNode && replacement.Value is ScalarNode { IsNull: true })
                merged.Add(entry); // "refine:" with nothing under it overrides nothing
            else
                merged.Add(replacement);
        }
        foreach (var entry in overlay.Entries)
        {
            if (baseNode.Entries.All(e => e.Key.Value != entry.Key.Value))
                merged.Add(entry);
        }
        return new MappingNode(baseNode.Location, baseNode.DocumentPath, merged) { BaseDirectory = baseNode.BaseDirectory };
    }
}
