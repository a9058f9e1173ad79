namespace Toolchain.Pipeline.Manifests;

/// <summary>A file present in both the manifest and the folder whose content differs.</summary>
public sealed record AlteredFile(string Path, long ExpectedSize, long ActualSize, string ExpectedSha256, string ActualSha256);
