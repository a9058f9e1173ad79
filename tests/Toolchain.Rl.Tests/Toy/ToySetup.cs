using Toolchain.Diffusion.Runtime;
using Toolchain.Rl.Rewards;
using Toolchain.Rl.Training;

namespace Toolchain.Rl.Tests.Toy;

/// <summary>Shared settings: small epochs that run in tens of milliseconds on the toy policy.</summary>
public static class ToySetup
{
    public static readonly string[] Prompts = ["positive", "negative"];

    public static void PinThreads() => EngineEnvironment.Configure(2);

    public static ToyDiffusionPolicy Policy(ulong seed = 1) => new(Prompts, seed: seed);

    /// <summary>Reference-style DDPO settings scaled down; the toy needs a larger learning rate to move in few epochs.</summary>
    public static DdpoOptions Options => new()
    {
        SamplesPerEpoch = 32,
        SampleBatchSize = 8,
        TrainBatchSize = 8,
        UpdatesPerEpoch = 2,
        LearningRate = 3e-2,
        TrackerBufferSize = 32,
        TrackerMinCount = 16,
        Seed = 42,
    };

    public static RefinePhase SignPhase(int epochs, string name = "sign") =>
        new(name, new CompositeReward([new WeightedReward("sign", 1f, new SignReward())]), epochs);
}
