using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>A network whose penultimate layer gives image features (Frechet distance, KID, precision/recall, memorisation).</summary>
public interface IFeatureExtractor
{
    /// <summary>Feature dimension D.</summary>
    long FeatureDim { get; }

    /// <summary>(N, D) float32 features of (N, 3, H, W) images in [-1, 1], in evaluation mode, without gradients.</summary>
    Tensor Features(Tensor images, int batchSize = 64);
}
