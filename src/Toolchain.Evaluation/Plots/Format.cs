using System.Globalization;

namespace Toolchain.Evaluation.Plots;

/// <summary>Number formatting for labels: invariant culture always, so output never depends on the host's locale.</summary>
internal static class Format
{
    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
