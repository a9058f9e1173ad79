namespace Toolchain.Rl.Training;

/// <summary>Running means of the per-timestep PPO diagnostics and per-update gradient norms of one epoch.</summary>
internal sealed class TrainingStatistics
{
    private double loss, approxKl, clipFraction, referenceKl, gradNorm;
    private int terms, updates;

    public void AddTerm(double termLoss, double termApproxKl, double termClipFraction, double termReferenceKl)
    {
        loss += termLoss;
        approxKl += termApproxKl;
        clipFraction += termClipFraction;
        referenceKl += termReferenceKl;
        terms++;
    }

    public void AddUpdate(double norm)
    {
        gradNorm += norm;
        updates++;
    }

    public double Loss => loss / terms;

    public double ApproxKl => approxKl / terms;

    public double ClipFraction => clipFraction / terms;

    public double ReferenceKl => referenceKl / terms;

    public double GradNorm => gradNorm / updates;

    public int Updates => updates;
}
