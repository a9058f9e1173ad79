using Toolchain.Pipeline.Cache;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Running;

namespace Toolchain.Stages.Tests.FineTune;

/// <summary>
/// The CI spec shrunk further (a 2-level UNet with 16/32 channels, a 1-layer 16-wide text encoder, 3 epochs of
/// 6 steps), run once through Prepare and FineTune and shared by the FineTune and Sample tests.
/// </summary>
public sealed class TinyFineTuneRun : IDisposable
{
    public const int Epochs = 3;

    public TinyFineTuneRun()
    {
        Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE");
        Workspace = new SpecWorkspace();
        Workspace.Replace("ci", """
                train_steps: 24
                warmup_steps: 4
                batch_size: 16
                unet:
                  block_out_channels: [16, 32]
                  down_block_types: [DownBlock2D, CrossAttnDownBlock2D]
                  cross_attention_dim: 32
                text_encoder:
                  hidden_size: 32
                  layers: 1
            """, """
                train_steps: 18
                warmup_steps: 2
                batch_size: 32
                unet:
                  block_out_channels: [16, 32]
                  down_block_types: [DownBlock2D, CrossAttnDownBlock2D]
                  norm_num_groups: 8
                  attention_head_dim: 2
                  cross_attention_dim: 16
                text_encoder:
                  hidden_size: 16
                  heads: 2
                  layers: 1
                  max_length: 16
            """);
        Spec = SpecLoader.Load(Workspace.Spec("ci"));
        var runs = new PipelineRunner(StageCatalogue.Default(), TextWriter.Null).Run(Spec, new RunOptions(Workspace.Cache, "finetune"));
        Prepare = runs.Single(r => r.Stage == "prepare").Entry;
        FineTune = runs.Single(r => r.Stage == "finetune").Entry;
    }

    public SpecWorkspace Workspace { get; }

    public ResolvedSpec Spec { get; }

    public CacheEntry Prepare { get; }

    public CacheEntry FineTune { get; }

    public void Dispose() => Workspace.Dispose();

    /// <summary>Relative path to bytes of every file under a folder.</summary>
    public static SortedDictionary<string, byte[]> Files(string folder) => new(
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes),
        StringComparer.Ordinal);

    public static void AssertSameFiles(string expected, string actual)
    {
        var a = Files(expected);
        var b = Files(actual);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (name, bytes) in a)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(b[name]), name.EndsWith(".csv", StringComparison.Ordinal)
                ? $"{name} differs:\n{System.Text.Encoding.UTF8.GetString(bytes)}\n---\n{System.Text.Encoding.UTF8.GetString(b[name])}"
                : $"{name} differs");
        }
    }
}
