using Toolchain.Specs.Loading;
using Toolchain.Stages.Tests.Rewards;
using Toolchain.Stages.TrainReward;

namespace Toolchain.Stages.Tests.TrainReward;

/// <summary>Prepare once on the ci spec, then train_reward twice into two folders (for the byte comparison).</summary>
public sealed class TrainRewardFixture : IDisposable
{
    public TrainRewardFixture()
    {
        Workspace = new SpecWorkspace();
        Spec = SpecLoader.Load(Workspace.Spec("ci"));
        PrepareOutputs = StageHarness.Prepare(Spec, Workspace.Cache);
        var inputs = new Dictionary<string, string> { ["prepare"] = PrepareOutputs };
        First = StageHarness.Run(new TrainRewardStage(), Spec, inputs, Path.Combine(Workspace.Root, "train-reward-a"));
        Second = StageHarness.Run(new TrainRewardStage(), Spec, inputs, Path.Combine(Workspace.Root, "train-reward-b"));
    }

    public SpecWorkspace Workspace { get; }

    public ResolvedSpec Spec { get; }

    public string PrepareOutputs { get; }

    public string First { get; }

    public string Second { get; }

    public void Dispose() => Workspace.Dispose();
}
