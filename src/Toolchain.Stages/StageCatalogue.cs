using Toolchain.Stages.Running;

namespace Toolchain.Stages;

/// <summary>The stage implementations this version of the toolchain ships.</summary>
public static class StageCatalogue
{
    public static StageRegistry Default() => new(
    [
        new Prepare.PrepareStage(),
        new Retrain.RetrainStage(),
    ]);
}
