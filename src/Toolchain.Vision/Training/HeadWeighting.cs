namespace Toolchain.Vision.Training;

/// <summary>
/// How a multi-label classifier weighs each head's positives in its loss. Artifacts are rare (ink on a few
/// percent of images): unweighted, a head learns "always absent" and its 0.5 threshold never fires even when its
/// ranking (AUROC) is good. <see cref="Balanced"/> weighs each head's positives by negatives / positives, so a
/// probability of 0.5 sits where the two classes would be equally likely if they were equally common.
/// </summary>
public enum HeadWeighting
{
    None,
    Balanced,
}
