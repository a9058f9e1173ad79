using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;

namespace Toolchain.Stages.Retrain;

/// <summary>
/// The downstream classifier's classes: the template's diagnoses in template order, then any other diagnosis the
/// real train or test split has (ordinal order), so no real record is dropped.
/// </summary>
public static class DownstreamClasses
{
    public static IReadOnlyList<string> Of(PromptTemplate template, IEnumerable<CanonicalRecord> train, IEnumerable<CanonicalRecord> test)
    {
        var classes = template.Diagnoses.ToList();
        classes.AddRange(train.Concat(test).Select(r => r.Diagnosis).Distinct().Where(d => !classes.Contains(d)).Order(StringComparer.Ordinal));
        return classes;
    }
}
