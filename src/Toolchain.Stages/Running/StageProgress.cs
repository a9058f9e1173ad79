namespace Toolchain.Stages.Running;

/// <summary>Progress of long work inside a stage (epochs, images); the command line shows it as a progress bar.</summary>
public interface IStageProgress
{
    IProgressTask Start(string description, double total);
}

public interface IProgressTask : IDisposable
{
    void Increment(double amount = 1);

    void Describe(string description);
}

/// <summary>No progress display (tests, non-interactive use).</summary>
public sealed class SilentProgress : IStageProgress
{
    public static SilentProgress Instance { get; } = new();

    public IProgressTask Start(string description, double total) => new Task();

    private sealed class Task : IProgressTask
    {
        public void Increment(double amount = 1)
        {
        }

        public void Describe(string description)
        {
        }

        public void Dispose()
        {
        }
    }
}
