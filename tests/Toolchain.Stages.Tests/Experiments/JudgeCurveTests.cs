using Toolchain.Data.Prompts;
using Toolchain.Evaluation.Plots;
using Toolchain.Stages.Evaluate;
using Toolchain.Stages.Experiments;

namespace Toolchain.Stages.Tests.Experiments;

public sealed class JudgeCurveTests
{
    private static readonly PromptTemplate Template = PromptTemplate.Rl4Med;

    [Fact]
    public void AprDiagnosisAgreementAndDistanceToRealImagesFollowTheJudgesVerdictPerImage()
    {
        var judge = new DecodingJudge(Template);
        var samplers = new Dictionary<string, RecordingSampler>
        {
            // Adapter file names stand for models: "faithful" draws what the prompt says; "wrong-artifacts" flips the
            // hair of every second image; "wrong-diagnosis" swaps MEL and NV for every image.
            ["faithful"] = new(Template, flipHairEvery: 0, swapDiagnosis: false),
            ["wrong-artifacts"] = new(Template, flipHairEvery: 2, swapDiagnosis: false),
            ["wrong-diagnosis"] = new(Template, flipHairEvery: 0, swapDiagnosis: true),
        };
        // Real images look like the faithful model's: one per prompt.
        var prompts = Template.Enumerate().Select(p => p.Prompt).ToList();
        var real = new RecordingSampler(Template, flipHairEvery: 0, swapDiagnosis: false).Sample(prompts, prompts.Select(_ => 0L).ToList());
        var curve = new JudgeCurve(judge, Template, adapters => samplers[adapters ?? "faithful"], imagesPerPrompt: 4, seed: 11, real);

        Assert.Equal(Template.Enumerate().Count * 4, curve.Images);
        Assert.Equal(prompts.Count, curve.RealImages);
        var faithful = curve.Measure(null);
        var wrongArtifacts = curve.Measure("wrong-artifacts");
        var wrongDiagnosis = curve.Measure("wrong-diagnosis");
        Assert.Equal((1.0, 1.0), (faithful.Apr, faithful.DiagnosisAgreement));
        Assert.Equal((0.5, 1.0), (wrongArtifacts.Apr, wrongArtifacts.DiagnosisAgreement));
        Assert.Equal((1.0, 0.0), (wrongDiagnosis.Apr, wrongDiagnosis.DiagnosisAgreement));
        // The judge's features are the two alteration bits: the faithful images sit on the real ones; swapping every
        // diagnosis moves the mean by 1; flipping every second hair moves it by 0.5 and spreads it (variance ~0.25).
        Assert.Equal(0.0, faithful.FrechetJudgeFeatures, 9);
        Assert.Equal(1.0, wrongDiagnosis.FrechetJudgeFeatures, 9);
        Assert.InRange(wrongArtifacts.FrechetJudgeFeatures, 0.5, 0.51);
        // Every model sees the same prompts and seeds: the measurements differ only by the model.
        Assert.Equal(samplers["faithful"].Seeds, samplers["wrong-artifacts"].Seeds);
        Assert.Equal(Enumerable.Range(0, curve.Images).Select(i => EvaluationDraw.SeedOf(11, i / 4, i % 4)), samplers["faithful"].Seeds);
    }

    [Fact]
    public void SamplesToReachIsTheFirstMeasuredPointAtOrAboveTheTarget()
    {
        JudgeCurvePoint At(long samples, double apr) => new("arm", (int)(samples / 32), samples, 0.5, apr, 0.9, 128);
        var curve = new[] { At(128, 0.2), At(0, 0.1), At(64, 0.15), At(192, 0.2), At(256, 0.3) };
        Assert.Equal(128, SamplesToReach.First(curve, 0.2));
        Assert.Equal(0, SamplesToReach.First(curve, 0.05));
        Assert.Equal(256, SamplesToReach.First(curve, 0.3));
        Assert.Null(SamplesToReach.First(curve, 0.31));
        Assert.Equal(Math.Sqrt(0.3 * 0.7 / 128), curve[^1].AprStandardError, 12);
    }

    /// <summary>1x1 images: red = prompt index, green = 1 when hair is flipped, blue = 1 when the diagnosis is swapped.</summary>
    private sealed class RecordingSampler(PromptTemplate template, int flipHairEvery, bool swapDiagnosis) : IPromptSampler
    {
        private readonly List<string> prompts = template.Enumerate().Select(p => p.Prompt).ToList();

        public List<long> Seeds { get; } = [];

        public IReadOnlyList<RgbImage> Sample(IReadOnlyList<string> requested, IReadOnlyList<long> seeds)
        {
            Seeds.Clear();
            Seeds.AddRange(seeds);
            return requested.Select((prompt, i) => new RgbImage(1, 1,
                [(byte)prompts.IndexOf(prompt), (byte)(flipHairEvery > 0 && i % flipHairEvery == 0 ? 1 : 0), (byte)(swapDiagnosis ? 1 : 0)])).ToList();
        }
    }

    /// <summary>Reads the prompt back from the pixel and answers with its labels, altered as the pixel says.</summary>
    private sealed class DecodingJudge(PromptTemplate template) : IImageJudge
    {
        public IReadOnlyList<string> Labels { get; } = ["hair", "gel_bubble", "ruler", "ink", "MEL", "NV"];

        public IReadOnlyList<double> Thresholds { get; } = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];

        public string FeatureSpace => "none";

        public (float[][] Probabilities, double[][] Features) Judge(IReadOnlyList<RgbImage> images)
        {
            var agreement = new PromptAgreement(this, template);
            var prompts = template.Enumerate();
            var probabilities = images.Select(image =>
            {
                var labels = agreement.LabelVector(prompts[image.Pixels[0]].Conditions).Select(v => float.IsNaN(v) ? 0f : v).ToArray();
                if (image.Pixels[1] == 1)
                {
                    labels[0] = 1 - labels[0];
                }
                if (image.Pixels[2] == 1)
                {
                    (labels[4], labels[5]) = (labels[5], labels[4]);
                }
                return labels;
            }).ToArray();
            return (probabilities, images.Select(image => new double[] { image.Pixels[1], image.Pixels[2] }).ToArray());
        }
    }
}
