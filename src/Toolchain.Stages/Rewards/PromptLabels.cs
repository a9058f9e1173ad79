using Toolchain.Core;
using Toolchain.Data.Prompts;

namespace Toolchain.Stages.Rewards;

/// <summary>
/// A prompt's label vector in a model's head order: 1 where the prompt asks for the label, 0 where it excludes
/// it, NaN where the template cannot say (a head the template has no slot for). Prompts are parsed exactly
/// against the template's enumerated prompts, so an unknown prompt is an error rather than a guess.
/// </summary>
public sealed class PromptLabels
{
    private readonly PromptParser parser;
    private readonly int[] sourceIndex;

    public PromptLabels(PromptTemplate template, IReadOnlyList<string> heads)
    {
        Template = template;
        parser = new PromptParser(template);
        Heads = heads;
        var names = parser.LabelNames;
        sourceIndex = heads.Select(h => IndexOf(names, h)).ToArray();
        if (sourceIndex.All(i => i < 0))
        {
            throw new ToolchainError($"prompt template '{template.Name}' names none of the model's labels ({string.Join(", ", heads)}); it names {string.Join(", ", names)}", 2);
        }
    }

    public PromptTemplate Template { get; }

    public IReadOnlyList<string> Heads { get; }

    public PromptConditions Conditions(string prompt) => parser.Parse(prompt);

    public float[] Vector(string prompt)
    {
        var full = parser.LabelVector(prompt);
        return sourceIndex.Select(i => i < 0 ? float.NaN : full[i]).ToArray();
    }

    public IReadOnlyList<float[]> Vectors(IReadOnlyList<string> prompts) => prompts.Select(Vector).ToArray();

    private static int IndexOf(IReadOnlyList<string> names, string label)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == label)
            {
                return i;
            }
        }
        return -1;
    }
}
