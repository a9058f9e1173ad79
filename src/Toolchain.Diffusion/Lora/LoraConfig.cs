namespace Toolchain.Diffusion.Lora;

/// <summary>
/// Low-rank adapter settings as PEFT names them: rank r, lora_alpha (scale = alpha / r), lora_dropout and
/// target module names (a module is targeted when its path equals a name or ends with "." + name).
/// Defaults are DDPO's: rank 4 on every attention projection, alpha = rank (scale 1), no dropout.
/// <see cref="MinTimestep"/> is ours: it confines the adapters to the early, noisy denoising steps.
/// </summary>
public sealed record LoraConfig
{
    public static readonly IReadOnlyList<string> AttentionProjections = ["to_q", "to_k", "to_v", "to_out.0"];

    public int Rank { get; init; } = 4;

    public double Alpha { get; init; } = 4;

    public double Dropout { get; init; }

    public IReadOnlyList<string> TargetModules { get; init; } = AttentionProjections;

    /// <summary>
    /// When set, the adapters act only at denoising timesteps t &gt;= this value and the base model alone takes
    /// the later steps (see <see cref="LoraNetwork.Gated"/>). Null: the adapters act at every timestep.
    /// </summary>
    public long? MinTimestep { get; init; }

    public double Scale => Alpha / Rank;

    public void Validate()
    {
        if (Rank < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Rank), $"LoRA rank must be at least 1, got {Rank}");
        }
        if (!(Alpha > 0) || double.IsInfinity(Alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), $"LoRA alpha must be a positive number, got {Alpha}");
        }
        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), $"LoRA dropout must be in [0, 1), got {Dropout}");
        }
        if (MinTimestep < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTimestep), $"the adapters' first timestep must be >= 0, got {MinTimestep}");
        }
        if (TargetModules.Count == 0 || TargetModules.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("LoRA needs at least one non-empty target module name", nameof(TargetModules));
        }
    }

    /// <summary>Whether the adapters act at denoising timestep <paramref name="timestep"/>.</summary>
    public bool ActsAt(long timestep) => MinTimestep is not { } min || timestep >= min;

    public bool Targets(string modulePath) =>
        TargetModules.Any(t => modulePath == t || modulePath.EndsWith("." + t, StringComparison.Ordinal));
}
