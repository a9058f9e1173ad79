using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;
using static TorchSharp.torch;

namespace Toolchain.Stages.Filter;

/// <summary>
/// Keeps sample's candidates whose reward clears the threshold until every subgroup's quota is met, dropping
/// images the judge's features place too close to a training image (memorisation) or to an image already kept
/// (near-duplicate). Every decision is recorded; the kept images become a Hugging Face imagefolder.
/// </summary>
public sealed class FilterStage : IStage
{
    private const int BatchSize = 64;

    public string Name => StageCatalog.Filter;

    public StageSummary Run(StageContext context)
    {
        var settings = FilterSettings.From(context.Settings);
        var spec = context.Spec.Dataset;
        var template = DatasetTranslation.Template(spec);
        var sampleOutputs = context.Input(StageCatalog.Sample);
        var trainRewardOutputs = context.Input(StageCatalog.TrainReward);
        var dataset = CanonicalDatasetReader.Read(Path.Combine(context.Input(StageCatalog.Prepare), PrepareStage.DatasetFolder));
        var quotas = SubgroupPlan.Build(spec, dataset.Records).Quotas.Subgroups.Select(q => (q.Subgroup.Name, q.Synthetic)).ToList();
        var targets = quotas.ToDictionary(q => q.Name, q => AcceptanceReport.Target(q.Synthetic, settings), StringComparer.Ordinal);

        var candidates = SampleCandidates.Read(sampleOutputs);
        IReadOnlyList<FilterDecision> decisions = [];
        if (candidates.Count > 0)
        {
            using var images = ImageFiles.Load(candidates.Select(c => SampleCandidates.PathOf(sampleOutputs, c)).ToList());
            var rewards = Score(context, settings, template, trainRewardOutputs, candidates, images);
            using var judge = JudgeModel.FromTrainReward(trainRewardOutputs);
            using var features = Normalised(judge.Features(images, BatchSize));
            var nearestTrain = NearestTrainSimilarity(judge, dataset, features);
            using var pairwise = features.matmul(features.t());
            var similarity = ToRows(pairwise);
            decisions = CandidateSelection.Select(candidates, rewards, nearestTrain, (i, j) => similarity[i][j], targets, settings);
        }

        DecisionsCsv.Write(context.Output(DecisionsCsv.FileName), decisions);
        var accepted = decisions.Where(d => d.Accepted).ToList();
        ImageFolderWriter.Write(context.OutputDirectory, sampleOutputs, accepted, new PromptLabels(template, spec.Labels));
        var report = AcceptanceReport.Build(decisions, quotas.Select(q => (q.Name, q.Synthetic)).ToList(), settings);
        File.WriteAllText(context.Output(AcceptanceReport.FileName), report.ToJson());
        foreach (var s in report.Subgroups)
        {
            context.Log.Detail(string.Create(CultureInfo.InvariantCulture,
                $"{s.Subgroup}: accepted {s.Accepted} of {s.Examined} examined ({s.Candidates} candidates), target {s.Target}; rejected {string.Join(", ", s.Rejected.Select(r => $"{r.Key.Code()} {r.Value}"))}"));
        }
        if (report.Unmet.Count > 0)
        {
            var message = $"quotas not met within the sample budget: {report.DescribeUnmet()}; raise sample.oversample or lower filter.threshold";
            if (settings.FailOnUnmetQuota)
            {
                throw new ToolchainError($"filter: {message} (filter.on_unmet_quota: fail)");
            }
            context.Log.Info($"warning: {message} (recorded in {AcceptanceReport.FileName})");
        }
        var facts = new JsonObject
        {
            ["candidates"] = candidates.Count,
            ["accepted"] = accepted.Count,
            ["unmet_subgroups"] = report.Unmet.Count,
        };
        var line = string.Create(CultureInfo.InvariantCulture, $"kept {accepted.Count} of {candidates.Count} candidates ({settings.Reward} >= {settings.Threshold})")
            + (report.Unmet.Count > 0 ? $"; unmet: {report.DescribeUnmet()}" : "");
        return StageSummary.Of(line, facts);
    }

    private static float[] Score(StageContext context, FilterSettings settings, Data.Prompts.PromptTemplate template, string trainRewardOutputs,
        IReadOnlyList<SampleCandidate> candidates, Tensor images)
    {
        var reward = RewardModels.Load(trainRewardOutputs, [settings.Reward], template)[settings.Reward];
        var scores = new List<float>(candidates.Count);
        using var task = context.Progress.Start($"scoring {candidates.Count} candidates with the {settings.Reward} reward", candidates.Count);
        for (int start = 0; start < candidates.Count; start += BatchSize)
        {
            int length = Math.Min(BatchSize, candidates.Count - start);
            using var batch = images.narrow(0, start, length);
            scores.AddRange(reward.Score(batch, candidates.Skip(start).Take(length).Select(c => c.Prompt).ToList()));
            task.Increment(length);
        }
        return scores.ToArray();
    }

    /// <summary>Per candidate, the highest feature cosine with any image of the train split (the images the generator learned from).</summary>
    private static double[] NearestTrainSimilarity(JudgeModel judge, CanonicalDataset dataset, Tensor candidateFeatures)
    {
        var train = dataset.InSplit(SplitNames.Train).ToList();
        if (train.Count == 0)
        {
            throw new ToolchainError("the prepared dataset has no train images to check memorisation against");
        }
        using var scope = NewDisposeScope();
        var trainImages = ImageFiles.Load(train.Select(r => dataset.PathOf(r.FileName)).ToList());
        var trainFeatures = Normalised(judge.Features(trainImages, BatchSize));
        var nearest = candidateFeatures.matmul(trainFeatures.t()).amax(new long[] { 1 });
        return nearest.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
    }

    private static Tensor Normalised(Tensor features)
    {
        using (features)
        {
            return nn.functional.normalize(features, dim: 1);
        }
    }

    private static double[][] ToRows(Tensor matrix)
    {
        long n = matrix.shape[0];
        var flat = matrix.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        return Enumerable.Range(0, (int)n).Select(i => flat.AsSpan(i * (int)n, (int)n).ToArray()).ToArray();
    }
}
