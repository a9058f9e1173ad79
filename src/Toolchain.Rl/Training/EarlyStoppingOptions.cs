namespace Toolchain.Rl.Training;

/// <summary>
/// Ends the current phase when the validation reward has not improved by more than
/// <see cref="MinDelta"/> over its best for <see cref="Patience"/> consecutive epochs.
/// </summary>
public sealed record EarlyStoppingOptions(int Patience, double MinDelta);
