using Toolchain.Vision.Classification;
using static TorchSharp.torch;

namespace Toolchain.Stages.Rewards;

/// <summary>
/// The held-out judge: a multi-label classifier trained only on the judge split, with another seed and
/// architecture than the reward classifier. It is deliberately not an IRewardFunction and not reachable through
/// <see cref="RewardModels"/>: evaluate reads its predictions (APR, diagnosis agreement) and its penultimate
/// features (distribution metrics), filter only its features (memorisation and near-duplicate checks).
/// </summary>
public sealed class JudgeModel : IDisposable
{
    public const string FolderName = "judge";

    private readonly MultiLabelClassifier classifier;

    private JudgeModel(MultiLabelClassifier classifier)
    {
        this.classifier = classifier;
    }

    /// <summary>Loads a judge folder (<c>config.json</c> + <c>model.safetensors</c>), e.g. <c>train_reward/judge</c>.</summary>
    public static JudgeModel Load(string folder) => new(ModelFiles.LoadClassifier(folder));

    /// <summary>The judge inside train_reward's outputs folder.</summary>
    public static JudgeModel FromTrainReward(string trainRewardOutputs) => Load(Path.Combine(trainRewardOutputs, FolderName));

    public MultiLabelClassifierConfig Config => classifier.Config;

    public IReadOnlyList<string> Labels => classifier.Config.Labels;

    public IReadOnlyList<double> Thresholds => classifier.Config.Thresholds;

    public long FeatureDim => classifier.FeatureDim;

    /// <summary>Per-head probabilities, one row per (N, 3, H, W) image in [-1, 1].</summary>
    public float[][] Predict(Tensor images, int batchSize = 64) => classifier.PredictProbabilities(images, batchSize);

    /// <summary>(N, D) penultimate-layer features (pooled backbone output).</summary>
    public Tensor Features(Tensor images, int batchSize = 64) => classifier.Features(images, batchSize);

    public void Dispose() => classifier.Dispose();
}
