namespace Toolchain.Pipeline.Manifests;

/// <summary>One file of a manifest: path relative to the folder with '/' separators, size in bytes, SHA-256.</summary>
public sealed record ManifestEntry(string Path, long Size, string Sha256);
