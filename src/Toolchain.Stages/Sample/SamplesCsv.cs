using System.Globalization;
using System.Text;

namespace Toolchain.Stages.Sample;

/// <summary><c>samples.csv</c>: one row per candidate (file_name, subgroup, prompt, seed, model_digest, guidance, steps, eta).</summary>
public static class SamplesCsv
{
    public const string Header = "file_name,subgroup,prompt,seed,model_digest,guidance,steps,eta";

    public static string Render(IEnumerable<SampleJob> jobs, string modelDigest, double guidance, int steps, double eta)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var job in jobs)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{Field(job.FileName)},{Field(job.Subgroup)},{Field(job.Prompt)},{job.Seed},{modelDigest},{guidance.ToString("R", CultureInfo.InvariantCulture)},{steps},{eta.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
        return text.ToString();
    }

    // RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside.
    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
