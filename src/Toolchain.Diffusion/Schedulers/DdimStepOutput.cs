using static TorchSharp.torch;

namespace Toolchain.Diffusion.Schedulers;

/// <summary>
/// One DDIM transition x_t -> x_prev. The step is the Gaussian policy N(<see cref="PrevSampleMean"/>,
/// <see cref="StdDev"/>^2) that DDPO optimises; <see cref="LogProb"/> is present when eta > 0.
/// </summary>
public sealed class DdimStepOutput : IDisposable
{
    public DdimStepOutput(Tensor prevSample, Tensor predictedOriginalSample, Tensor prevSampleMean, Tensor stdDev, Tensor? logProb)
    {
        PrevSample = prevSample;
        PredictedOriginalSample = predictedOriginalSample;
        PrevSampleMean = prevSampleMean;
        StdDev = stdDev;
        LogProb = logProb;
    }

    /// <summary>x_prev, shaped like the input sample.</summary>
    public Tensor PrevSample { get; }

    /// <summary>The model's estimate of x_0 (after clip_sample, if configured).</summary>
    public Tensor PredictedOriginalSample { get; }

    /// <summary>Mean of the step distribution.</summary>
    public Tensor PrevSampleMean { get; }

    /// <summary>Standard deviation eta * sigma_t, shaped (B, 1, ..., 1); zero for eta = 0.</summary>
    public Tensor StdDev { get; }

    /// <summary>Per-sample log-density of <see cref="PrevSample"/>, averaged over all non-batch dims, shape (B); null for eta = 0.</summary>
    public Tensor? LogProb { get; }

    public void Dispose()
    {
        PrevSample.Dispose();
        PredictedOriginalSample.Dispose();
        PrevSampleMean.Dispose();
        StdDev.Dispose();
        LogProb?.Dispose();
    }
}
