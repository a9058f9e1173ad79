namespace Toolchain.Evaluation.ImageQuality;

/// <summary>KID subsets, the precision/recall neighbourhood and the seed of every subsample.</summary>
public sealed record ImageQualitySettings(int KidSubsetSize, int KidSubsets, int PrK, ulong Seed);
