namespace Toolchain.Data.Prompts;

/// <summary>How a binary label is named in a prompt's artifact list, e.g. gel_bubble -> "gel bubble".</summary>
public sealed record ArtifactPhrase(string Label, string Phrase);
