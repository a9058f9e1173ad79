using System.Globalization;
using System.Text;

namespace Toolchain.Evaluation.ImageQuality;

/// <summary>
/// per_image.csv: one row per generated image: arm, prompt, image file (relative to the evaluate outputs), seed,
/// the judge's probability per head (p_&lt;label&gt;), the APR and diagnosis checks, the VLFM cosine, and the nearest
/// training image with its judge-feature distance.
/// </summary>
public static class PerImageTable
{
    public const string FileName = "per_image.csv";

    public static string ToCsv(IReadOnlyList<JudgedImage> generated, IReadOnlyList<string> judgeLabels, IReadOnlyList<NearestTraining> nearest)
    {
        var byFile = nearest.ToDictionary(n => n.GeneratedFile, StringComparer.Ordinal);
        var text = new StringBuilder("arm,prompt,file,seed,");
        text.Append(string.Join(",", judgeLabels.Select(l => "p_" + l)));
        text.Append(",artifacts_match,diagnosis_match,clip_cosine,nearest_training,nearest_training_distance\n");
        foreach (var image in generated)
        {
            if (image.Probabilities.Count != judgeLabels.Count)
            {
                throw new ArgumentException($"image {image.File} has {image.Probabilities.Count} judge probabilities for {judgeLabels.Count} labels");
            }
            var match = byFile.GetValueOrDefault(image.File);
            var cells = new List<string>
            {
                Csv(image.Arm),
                Csv(image.Prompt),
                Csv(image.File),
                image.Seed?.ToString(CultureInfo.InvariantCulture) ?? "",
            };
            cells.AddRange(image.Probabilities.Select(p => p.ToString("0.######", CultureInfo.InvariantCulture)));
            cells.Add(image.ArtifactsMatch ? "1" : "0");
            cells.Add(image.DiagnosisMatches ? "1" : "0");
            cells.Add(image.ClipCosine?.ToString("0.######", CultureInfo.InvariantCulture) ?? "");
            cells.Add(match is null ? "" : Csv(match.TrainingFile));
            cells.Add(match?.Distance.ToString("0.######", CultureInfo.InvariantCulture) ?? "");
            text.Append(string.Join(",", cells)).Append('\n');
        }
        return text.ToString();
    }

    private static string Csv(string value) => value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
