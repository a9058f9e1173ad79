namespace Toolchain.Data.Importers;

/// <summary>What an import does with rows that have data problems.</summary>
public enum BadRowPolicy
{
    /// <summary>List every problem and write nothing.</summary>
    Fail,

    /// <summary>Import the good rows and write skipped.csv listing the others.</summary>
    Skip,
}

public static class BadRowPolicyNames
{
    public static string Name(this BadRowPolicy policy) => policy == BadRowPolicy.Fail ? "fail" : "skip";

    public static bool TryParse(string text, out BadRowPolicy policy)
    {
        policy = text == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail;
        return text is "fail" or "skip";
    }
}
