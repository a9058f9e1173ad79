namespace Toolchain.Evaluation.Downstream;

/// <summary>A subgroup of the real test set: its name, whether it is a rare cell, and which test images belong to it.</summary>
public sealed record TestSubgroup(string Name, bool Rare, IReadOnlyList<int> TestIndices);
