using Toolchain.Diffusion.Tokenizer;
using Toolchain.Vision.Vlfm;
using static TorchSharp.torch;

namespace Toolchain.Stages.Rewards;

/// <summary>A trained dual encoder with the CLIP tokenizer its token ids come from.</summary>
public sealed class DualEncoderModel : IDisposable
{
    public DualEncoderModel(DualEncoder encoder, ClipTokenizer tokenizer)
    {
        Encoder = encoder;
        Tokenizer = tokenizer;
    }

    public DualEncoder Encoder { get; }

    public ClipTokenizer Tokenizer { get; }

    public static DualEncoderModel Load(string folder) =>
        new(ModelFiles.LoadDualEncoder(folder), ClipTokenizer.FromFolder(Path.Combine(folder, ModelFiles.TokenizerFolder)));

    /// <summary>(N, ContextLength) int64 padded token ids.</summary>
    public Tensor TokenIds(IReadOnlyList<string> texts) => Tokenizer.EncodeBatch(texts, Encoder.Config.ContextLength);

    public void Dispose() => Encoder.Dispose();
}
