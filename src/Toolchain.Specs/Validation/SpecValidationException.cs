using Toolchain.Core;

namespace Toolchain.Specs.Validation;

/// <summary>Every problem found in a spec and its pipeline, one per line; exit code 2.</summary>
public sealed class SpecValidationException : ToolchainError
{
    public SpecValidationException(IReadOnlyList<SpecError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())), exitCode: 2)
    {
        if (errors.Count == 0) throw new ArgumentException("A validation failure needs at least one error.", nameof(errors));
        Errors = errors;
    }

    public IReadOnlyList<SpecError> Errors { get; }
}
