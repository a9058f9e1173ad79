namespace Toolchain.Data.Procedural;

/// <summary>The two diagnoses of the RL4Med-DDPO task, spelled as in the ISIC 2019 ground truth.</summary>
public static class Diagnoses
{
    public const string Melanoma = "MEL";
    public const string Nevus = "NV";
}
