using System.Globalization;
using System.Text.RegularExpressions;
using Toolchain.Core;
using Toolchain.Core.Files;
using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Loading;

/// <summary>One arm of an RL comparison: a name and the stage settings it lays over the dataset spec.</summary>
public sealed record RlComparisonArm(string Name, MappingNode Overrides);

/// <summary>
/// An experiment comparing RL settings on one dataset spec (<c>experiments/*.yaml</c>): each arm is the spec with
/// some stage settings changed (deep-merged like <c>overrides:</c>, after the experiment's <c>common:</c> settings,
/// which every arm shares); the judge measures every arm's adapters after
/// the epochs <see cref="Spacing"/> selects, on <see cref="ImagesPerPrompt"/> images per prompt. <see cref="Reference"/>
/// names the arm whose final judge APR the others must reach.
/// </summary>
public sealed partial record RlComparisonSpec(string File, string SpecPath, string Reference, int ImagesPerPrompt, JudgeCurveSpacing Spacing, IReadOnlyList<RlComparisonArm> Arms)
{
    /// <summary>Whether a YAML file is an experiment (it has top-level <c>arms:</c>) rather than a dataset spec.</summary>
    public static bool IsExperimentFile(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return false;
        }
        var file = Path.GetFullPath(path);
        var root = YamlTreeReader.Read(UntrustedFile.ReadUtf8Text(file, path, YamlTreeReader.MaxChars), path, Path.GetDirectoryName(file)!, []);
        return root is MappingNode top && top["arms"] is not null;
    }

    public static RlComparisonSpec Load(string path)
    {
        var file = Path.GetFullPath(path);
        if (!System.IO.File.Exists(file))
        {
            throw new ToolchainError($"{path}: experiment file not found", exitCode: 2);
        }
        var errors = new List<SpecError>();
        var root = YamlTreeReader.Read(UntrustedFile.ReadUtf8Text(file, path, YamlTreeReader.MaxChars), path, Path.GetDirectoryName(file)!, errors);
        if (errors.Count > 0)
        {
            throw new SpecValidationException(errors);
        }
        if (root is not MappingNode top)
        {
            throw new ToolchainError($"{path}: expected a mapping with spec, arms and judge_curve", exitCode: 2);
        }
        void Error(SpecNode node, string key, string message) => errors.Add(new SpecError(node.Location, key, message));
        foreach (var entry in top.Entries.Where(e => e.Key.Value is not ("spec" or "reference" or "judge_curve" or "common" or "arms")))
        {
            Error(entry.Key, entry.Key.Value, "unknown key (expected spec, reference, judge_curve, common, arms)");
        }
        var common = top["common"] as MappingNode;
        if (top["common"] is { } commonNode && common is null && commonNode is not ScalarNode { IsNull: true })
        {
            Error(commonNode, "common", $"expected a mapping of stage settings, as under overrides: (got {commonNode.Describe()})");
        }

        string? spec = null;
        if (top["spec"] is ScalarNode { IsNull: false } specNode)
        {
            spec = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, specNode.Value));
            if (!System.IO.File.Exists(spec))
            {
                Error(specNode, "spec", $"dataset spec not found: {spec}");
            }
        }
        else
        {
            Error(top, "spec", "required: the dataset spec the arms vary");
        }

        int imagesPerPrompt = 4;
        var spacing = JudgeCurveSpacing.EveryEpochs(1);
        if (top["judge_curve"] is { } curve)
        {
            if (curve is MappingNode curveMap)
            {
                foreach (var entry in curveMap.Entries)
                {
                    string key = entry.Key.Value;
                    long max = key == "every_samples" ? 100_000_000 : 1000;
                    if (key is not ("images_per_prompt" or "every" or "every_samples"))
                    {
                        Error(entry.Key, $"judge_curve.{key}", "unknown key (expected images_per_prompt, every, every_samples)");
                    }
                    else if (entry.Value is not ScalarNode s || !long.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < 1 || n > max)
                    {
                        Error(entry.Value, $"judge_curve.{key}", string.Create(CultureInfo.InvariantCulture, $"expected an integer from 1 to {max} (got {entry.Value.Describe()})"));
                    }
                    else if (key == "images_per_prompt")
                    {
                        imagesPerPrompt = (int)n;
                    }
                    else
                    {
                        spacing = key == "every" ? JudgeCurveSpacing.EveryEpochs((int)n) : JudgeCurveSpacing.EverySamples(n);
                    }
                }
                if (curveMap["every"] is not null && curveMap["every_samples"] is { } both)
                {
                    Error(both, "judge_curve.every_samples", "give either every (epochs) or every_samples, not both");
                }
            }
            else
            {
                Error(curve, "judge_curve", $"expected a mapping (got {curve.Describe()})");
            }
        }

        var arms = new List<RlComparisonArm>();
        if (top["arms"] is MappingNode armsNode && armsNode.Entries.Count >= 2)
        {
            foreach (var entry in armsNode.Entries)
            {
                if (!ArmName().IsMatch(entry.Key.Value))
                {
                    Error(entry.Key, $"arms.{entry.Key.Value}", "arm names are slugs: lower-case letters, digits and '-'");
                }
                else if (arms.Any(a => a.Name == entry.Key.Value))
                {
                    Error(entry.Key, $"arms.{entry.Key.Value}", "duplicate arm");
                }
                else if (entry.Value is MappingNode overrides)
                {
                    arms.Add(new RlComparisonArm(entry.Key.Value, common is null ? overrides : NodeMerger.Merge(common, overrides)));
                }
                else if (entry.Value is ScalarNode { IsNull: true })
                {
                    arms.Add(new RlComparisonArm(entry.Key.Value, common ?? new MappingNode(entry.Value.Location, $"arms.{entry.Key.Value}", []) { BaseDirectory = Path.GetDirectoryName(file)! }));
                }
                else
                {
                    Error(entry.Value, $"arms.{entry.Key.Value}", $"expected a mapping of stage settings, as under overrides: (got {entry.Value.Describe()})");
                }
            }
        }
        else
        {
            Error(top["arms"] ?? top, "arms", "required: a mapping of at least two arms (name to stage settings)");
        }

        string reference = top["reference"] is ScalarNode { IsNull: false } referenceNode ? referenceNode.Value : arms.FirstOrDefault()?.Name ?? "";
        if (arms.Count > 0 && arms.All(a => a.Name != reference))
        {
            Error(top["reference"] ?? top, "reference", $"'{reference}' is not one of the arms ({string.Join(", ", arms.Select(a => a.Name))})");
        }
        if (errors.Count > 0)
        {
            throw new SpecValidationException(errors);
        }
        return new RlComparisonSpec(file, spec!, reference, imagesPerPrompt, spacing, arms);
    }

    /// <summary>The dataset spec with the arm's settings laid over it.</summary>
    public ResolvedSpec Resolve(RlComparisonArm arm) => SpecLoader.Load(SpecPath, arm.Overrides);

    /// <summary>
    /// Every arm resolved, with all arms' errors reported together: a mistake in the last arm must surface before
    /// the first arm's hours of fine-tuning and RL, not after them.
    /// </summary>
    public IReadOnlyList<(RlComparisonArm Arm, ResolvedSpec Spec)> ResolveArms()
    {
        var resolved = new List<(RlComparisonArm, ResolvedSpec)>();
        var errors = new List<SpecError>();
        foreach (var arm in Arms)
        {
            try
            {
                resolved.Add((arm, Resolve(arm)));
            }
            catch (SpecValidationException e)
            {
                // A problem in the dataset spec itself is the same in every arm: reported once.
                errors.AddRange(e.Errors.Where(error => !errors.Contains(error)));
            }
        }
        return errors.Count > 0 ? throw new SpecValidationException(errors) : resolved;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex ArmName();
}
