using Spectre.Console;
using Toolchain.Stages.Running;

namespace Toolchain.Cli;

/// <summary>
/// Shows a stage's long work as a Spectre.Console progress bar when the terminal is interactive;
/// otherwise (CI, redirected output) the stage's log lines are the only progress shown.
/// One bar at a time: a nested request gets a silent task.
/// </summary>
public sealed class ConsoleProgress : IStageProgress
{
    private readonly object gate = new();
    private bool active;

    private ConsoleProgress()
    {
    }

    public static IStageProgress Create() =>
        AnsiConsole.Profile.Capabilities.Interactive ? new ConsoleProgress() : SilentProgress.Instance;

    public IProgressTask Start(string description, double total)
    {
        lock (gate)
        {
            if (active)
            {
                return SilentProgress.Instance.Start(description, total);
            }
            active = true;
        }
        var ready = new ManualResetEventSlim();
        var finished = new TaskCompletionSource();
        ProgressTask? bar = null;
        var display = AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                bar = context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                ready.Set();
                await finished.Task.ConfigureAwait(false);
                bar.Value = bar.MaxValue;
            });
        ready.Wait();
        return new Bar(this, bar!, finished, display);
    }

    private sealed class Bar(ConsoleProgress owner, ProgressTask bar, TaskCompletionSource finished, Task display) : IProgressTask
    {
        public void Increment(double amount = 1) => bar.Increment(amount);

        public void Describe(string description) => bar.Description = Markup.Escape(description);

        public void Dispose()
        {
            finished.TrySetResult();
            display.GetAwaiter().GetResult();
            lock (owner.gate)
            {
                owner.active = false;
            }
        }
    }
}
