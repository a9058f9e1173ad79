using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Toolchain.Core;
using Toolchain.Data.Canonical;

namespace Toolchain.Data.Prompts;

/// <summary>
/// A prompt template with slots filled from a record's metadata:
/// <c>{diagnosis}</c> (code, "MEL"), <c>{diagnosis_name}</c> ("melanoma"), <c>{diagnosis_label}</c>
/// ("melanoma (MEL)"), <c>{artifacts}</c> (<see cref="NoArtifacts"/>, or <see cref="ArtifactsPrefix"/> plus the
/// present artifacts' phrases joined by ", " in template order), <c>{fitzpatrick}</c> ("Fitzpatrick skin type V"),
/// <c>{site}</c>, <c>{age}</c> ("45 year old"), <c>{sex}</c>. A template that uses only the diagnosis and artifact
/// slots is enumerable: it has one prompt per diagnosis x artifact subset, which <see cref="Enumerate"/> lists.
/// </summary>
public sealed partial class PromptTemplate
{
    public const string DiagnosisSlot = "diagnosis";
    public const string DiagnosisNameSlot = "diagnosis_name";
    public const string DiagnosisLabelSlot = "diagnosis_label";
    public const string ArtifactsSlot = "artifacts";
    public const string FitzpatrickSlot = "fitzpatrick";
    public const string SiteSlot = "site";
    public const string AgeSlot = "age";
    public const string SexSlot = "sex";

    public static readonly IReadOnlyList<string> Slots =
        [DiagnosisSlot, DiagnosisNameSlot, DiagnosisLabelSlot, ArtifactsSlot, FitzpatrickSlot, SiteSlot, AgeSlot, SexSlot];

    private static readonly string[] EnumerableSlots = [DiagnosisSlot, DiagnosisNameSlot, DiagnosisLabelSlot, ArtifactsSlot];

    /// <summary>
    /// The RL4Med template: 2 diagnoses x 16 subsets of hair, gel bubble, ruler, ink =
    /// "a dermoscopic image with {melanoma (MEL) | melanocytic nevus (NV)} {with no visible artifacts | showing &lt;list&gt;}".
    /// </summary>
    public static readonly PromptTemplate Rl4Med = new(
        "rl4med",
        "a dermoscopic image with {diagnosis_label} {artifacts}",
        [DiagnosisCodes.Melanoma, DiagnosisCodes.Nevus],
        [
            new ArtifactPhrase(BinaryLabels.Hair, "hair"),
            new ArtifactPhrase(BinaryLabels.GelBubble, "gel bubble"),
            new ArtifactPhrase(BinaryLabels.Ruler, "ruler"),
            new ArtifactPhrase(BinaryLabels.Ink, "ink"),
        ],
        noArtifacts: "with no visible artifacts",
        artifactsPrefix: "showing ");

    public PromptTemplate(string name, string text, IReadOnlyList<string> diagnoses, IReadOnlyList<ArtifactPhrase> artifacts,
        string noArtifacts = "with no visible artifacts", string artifactsPrefix = "showing ")
    {
        Name = name;
        Text = text;
        Diagnoses = diagnoses;
        Artifacts = artifacts;
        NoArtifacts = noArtifacts;
        ArtifactsPrefix = artifactsPrefix;
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ToolchainError($"prompt template '{name}' is invalid:\n  {string.Join("\n  ", errors)}", 2);
        }
        UsedSlots = SlotPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
    }

    public string Name { get; }
    public string Text { get; }

    /// <summary>Diagnosis codes the template enumerates, in order.</summary>
    public IReadOnlyList<string> Diagnoses { get; }

    /// <summary>Artifacts the {artifacts} slot can list, in the order they are listed.</summary>
    public IReadOnlyList<ArtifactPhrase> Artifacts { get; }

    public string NoArtifacts { get; }
    public string ArtifactsPrefix { get; }
    public IReadOnlyList<string> UsedSlots { get; }

    public bool IsEnumerable => UsedSlots.All(EnumerableSlots.Contains);

    /// <summary>
    /// Every prompt with its conditions: diagnoses in template order; for each, the artifact subsets in
    /// binary counting order with the first artifact as the most significant bit (none first, all last),
    /// i.e. itertools.product([0, 1], repeat=n).
    /// </summary>
    public IReadOnlyList<(string Prompt, PromptConditions Conditions)> Enumerate()
    {
        if (!IsEnumerable)
        {
            throw new ToolchainError($"prompt template '{Name}' uses slots ({string.Join(", ", UsedSlots.Except(EnumerableSlots))}) whose values come from records, so its prompts cannot be enumerated", 2);
        }
        var prompts = new List<(string, PromptConditions)>();
        var n = Artifacts.Count;
        foreach (var diagnosis in Diagnoses)
        {
            for (var mask = 0; mask < 1 << n; mask++)
            {
                var present = Enumerable.Range(0, n).Select(i => (mask & (1 << (n - 1 - i))) != 0).ToList();
                var conditions = new PromptConditions(diagnosis, present);
                prompts.Add((Render(conditions), conditions));
            }
        }
        return prompts;
    }

    /// <summary>The prompt for given conditions (enumerable templates only).</summary>
    public string Render(PromptConditions conditions) => Fill(slot => slot switch
    {
        ArtifactsSlot => ArtifactText(conditions.ArtifactsPresent),
        _ => DiagnosisText(slot, conditions.Diagnosis),
    });

    /// <summary>
    /// The prompt describing a record, or null with a reason when a slot's value is unknown for it (e.g. an
    /// artifact label not annotated, or no site for a template with {site}).
    /// </summary>
    public string? TryRender(CanonicalRecord record, out string reason)
    {
        var missing = new List<string>();
        var prompt = Fill(slot =>
        {
            switch (slot)
            {
                case ArtifactsSlot:
                    var values = Artifacts.Select(a => record.Labels.Get(a.Label)).ToList();
                    if (values.Any(v => v is null))
                    {
                        missing.Add(string.Join("/", Artifacts.Where((a, i) => values[i] is null).Select(a => a.Label)));
                        return "";
                    }
                    return ArtifactText(values.Select(v => v == true).ToList());
                case FitzpatrickSlot:
                    return record.Fitzpatrick is { } f ? $"Fitzpatrick skin type {f.ToRoman()}" : Missing(FitzpatrickSlot);
                case SiteSlot:
                    return record.Site ?? Missing(SiteSlot);
                case AgeSlot:
                    return record.Age is { } age ? $"{age.ToString("0.##", CultureInfo.InvariantCulture)} year old" : Missing(AgeSlot);
                case SexSlot:
                    return record.Sex ?? Missing(SexSlot);
                default:
                    return DiagnosisText(slot, record.Diagnosis);
            }
        });
        reason = missing.Count == 0 ? "" : $"unknown {string.Join(", ", missing)}";
        return missing.Count == 0 ? prompt : null;

        string Missing(string slot)
        {
            missing.Add(slot);
            return "";
        }
    }

    private List<string> Validate()
    {
        var errors = new List<string>();
        foreach (Match match in SlotPattern().Matches(Text))
        {
            if (!Slots.Contains(match.Groups[1].Value))
            {
                errors.Add($"unknown slot {{{match.Groups[1].Value}}} (slots: {string.Join(", ", Slots.Select(s => "{" + s + "}"))})");
            }
        }
        var stray = SlotPattern().Replace(Text, "");
        if (stray.Contains('{') || stray.Contains('}'))
        {
            errors.Add("unbalanced '{' or '}' in the template text");
        }
        errors.AddRange(Diagnoses.Where(d => !DiagnosisCodes.IsValid(d)).Select(d => $"unknown diagnosis code '{d}'"));
        errors.AddRange(Artifacts.Where(a => !BinaryLabels.IsValid(a.Label)).Select(a => $"unknown artifact label '{a.Label}'"));
        if (Diagnoses.Distinct().Count() != Diagnoses.Count || Artifacts.Select(a => a.Label).Distinct().Count() != Artifacts.Count)
        {
            errors.Add("diagnoses and artifacts must not repeat");
        }
        if (Artifacts.Count > 10)
        {
            errors.Add("at most 10 artifacts (2^10 subsets per diagnosis)");
        }
        return errors;
    }

    private string Fill(Func<string, string> value) => SlotPattern().Replace(Text, m => value(m.Groups[1].Value));

    private string ArtifactText(IReadOnlyList<bool> present)
    {
        var listed = Artifacts.Where((_, i) => present[i]).Select(a => a.Phrase).ToList();
        return listed.Count == 0 ? NoArtifacts : ArtifactsPrefix + string.Join(", ", listed);
    }

    private static string DiagnosisText(string slot, string code) => slot switch
    {
        DiagnosisSlot => code,
        DiagnosisNameSlot => DiagnosisCodes.DisplayName(code),
        _ => $"{DiagnosisCodes.DisplayName(code)} ({code})",
    };

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex SlotPattern();
}
