namespace Toolchain.Specs.Model;

/// <summary>A named subgroup: the images for which every condition holds.</summary>
public sealed record SubgroupSpec(string Name, IReadOnlyList<SubgroupCondition> Where, string Description);

/// <summary>
/// One condition of a subgroup: a label that must be present or absent (<see cref="LabelValue"/>),
/// or a metadata field that must equal one of <see cref="FieldValues"/> (fitzpatrick and age as
/// invariant integers, other fields as written).
/// </summary>
public sealed record SubgroupCondition(string Key, bool IsLabel, bool? LabelValue, IReadOnlyList<string> FieldValues);
