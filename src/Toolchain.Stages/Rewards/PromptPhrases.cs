using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;

namespace Toolchain.Stages.Rewards;

/// <summary>
/// The attribute phrases a prompt asks for, each of which should show somewhere in the image: the diagnosis
/// name (the lesion), then every present artifact's phrase in template order. Never empty.
/// </summary>
public sealed class PromptPhrases
{
    private readonly PromptTemplate template;
    private readonly PromptParser parser;

    public PromptPhrases(PromptTemplate template)
    {
        this.template = template;
        parser = new PromptParser(template);
    }

    public IReadOnlyList<string> Of(string prompt)
    {
        var conditions = parser.Parse(prompt);
        var phrases = new List<string> { DiagnosisCodes.DisplayName(conditions.Diagnosis) };
        for (int i = 0; i < template.Artifacts.Count; i++)
        {
            if (conditions.ArtifactsPresent[i])
            {
                phrases.Add(template.Artifacts[i].Phrase);
            }
        }
        return phrases;
    }
}
