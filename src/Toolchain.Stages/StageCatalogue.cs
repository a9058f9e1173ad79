using Toolchain.Stages.Running;

namespace Toolchain.Stages;

/// <summary>The stage implementations this version of the toolchain ships.</summary>
public static class StageCatalogue
{
    public static StageRegistry Default() => new(
    [
        new Prepare.PrepareStage(),
        new FineTune.FineTuneStage(),
        new TrainReward.TrainRewardStage(),
        new Refine.RefineStage(Rewards.RewardModels.Load),
        new Filter.FilterStage(),
        new Release.ReleaseStage(),
        new Sample.SampleStage(),
        new Evaluate.EvaluateStage(),
        new Retrain.RetrainStage(),
    ]);
}
