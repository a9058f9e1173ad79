using System.Globalization;
using Toolchain.Data.Prompts;
using Toolchain.Data.Subgroups;
using Toolchain.Diffusion.Training;

namespace Toolchain.Stages.Sample;

/// <summary>One candidate image to generate: its subgroup, index within the subgroup, prompt and seed.</summary>
public sealed record SampleJob(string Subgroup, int Index, string Prompt, ulong Seed)
{
    /// <summary>Path relative to the stage outputs: <c>images/&lt;subgroup&gt;/&lt;index&gt;.png</c>.</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture, $"images/{Subgroup}/{Index:D4}.png");

    /// <summary>
    /// Every candidate of every subgroup with a quota: each prompt the allocation gives a subgroup gets
    /// ceil(count x oversample) candidates; the seed of candidate n of subgroup g is derived from
    /// (seed, g, n), so any single image can be regenerated on its own.
    /// </summary>
    public static IReadOnlyList<SampleJob> Plan(QuotaPlan quotas, PromptTemplate template, double oversample, long seed)
    {
        var allocation = PromptAllocation.Allocate(quotas, template);
        var jobs = new List<SampleJob>();
        foreach (var quota in quotas.Subgroups)
        {
            if (!allocation.BySubgroup.TryGetValue(quota.Subgroup.Name, out var prompts))
            {
                continue;
            }
            int index = 0;
            foreach (var (prompt, count) in prompts)
            {
                int candidates = (int)Math.Ceiling(count * oversample - 1e-9);
                for (int k = 0; k < candidates; k++, index++)
                {
                    jobs.Add(new SampleJob(quota.Subgroup.Name, index, prompt, SeedDerivation.Derive(seed, quota.Subgroup.Name, index)));
                }
            }
        }
        return jobs;
    }
}
