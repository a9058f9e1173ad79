using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// The real images of one split that an enumerated prompt describes (a diagnosis of the template, every artifact
/// the template names annotated): the reference that generated images of the same prompts are compared with.
/// </summary>
public static class DescribedRecords
{
    public static List<(CanonicalRecord Record, string Prompt)> Of(CanonicalDataset dataset, PromptTemplate template, string split)
    {
        var prompts = template.Enumerate().Select(p => p.Prompt).ToHashSet(StringComparer.Ordinal);
        return dataset.Records
            .Where(r => r.Split == split && template.Diagnoses.Contains(r.Diagnosis))
            .Select(r => (Record: r, Prompt: template.TryRender(r, out _)))
            .Where(p => p.Prompt is not null && prompts.Contains(p.Prompt))
            .Select(p => (p.Record, p.Prompt!))
            .ToList();
    }
}
