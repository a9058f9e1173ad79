using System.Reflection;

namespace Toolchain.Stages.Release;

/// <summary>
/// The git commit this toolchain was built from. The .NET SDK's built-in Source Link appends it to
/// the assembly's informational version at build time ("1.0.0+&lt;commit&gt;"), reading .git
/// without running git; a build outside a git checkout has no "+" part and the revision is
/// "unknown". It is fixed per build, so two runs of one build never differ. A build from a dirty
/// work tree records its HEAD commit: the revision names the base, not uncommitted edits.
/// </summary>
public static class SourceRevision
{
    public const string Unknown = "unknown";

    public static string Current { get; } = Of(typeof(SourceRevision).Assembly);

    public static string Of(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = version?.IndexOf('+') ?? -1;
        if (version is null || plus < 0) return Unknown;
        var revision = version[(plus + 1)..];
        return revision.Length > 0 && revision.All(char.IsAsciiHexDigit) ? revision.ToLowerInvariant() : Unknown;
    }
}
