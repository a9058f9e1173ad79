using Toolchain.Pipeline.Hashing;
using Toolchain.Pipeline.Manifests;

namespace Toolchain.Stages.Sample;

/// <summary>
/// Identifies the exact weights that generated an image: SHA-256 over the model folder's manifest digest and,
/// when adapters are applied, the LoRA file's SHA-256.
/// </summary>
public static class ModelDigest
{
    public static string Of(string modelFolder, string? loraFile)
    {
        var text = "model " + Manifest.Create(modelFolder).Digest + "\n"
            + "lora " + (loraFile is null ? "none" : Sha256Hex.OfFile(loraFile)) + "\n";
        return Sha256Hex.OfString(text);
    }
}
