namespace Toolchain.Specs.Tests;

/// <summary>The generator's benchmark-difficulty settings: diagnosis overlap and artifact correlations.</summary>
public class ProceduralSettingsTests
{
    private static string WithGenerator(string lines) =>
        SpecFiles.MinimalSpec.Replace("  source: procedural", "  source: procedural\n  procedural:\n" + lines);

    [Fact]
    public void Absent_settings_keep_the_diagnoses_apart_and_artifacts_independent()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec).Pipeline(SpecFiles.MinimalPipeline);
        var procedural = files.Load().Dataset.Data.Procedural!;
        Assert.Equal(0, procedural.DiagnosisOverlap);
        Assert.Empty(procedural.MelanomaGivenArtifact);
    }

    [Fact]
    public void Correlations_are_read_as_the_melanoma_share_in_spec_order()
    {
        var spec = WithGenerator("    diagnosis_overlap: 0.4\n    artifact_correlations:\n      - {artifact: ink, NV: 0.9}\n      - {artifact: gel_bubble, MEL: 0.8, NV: 0.2}\n");
        using var files = new SpecFiles().Spec(spec).Pipeline(SpecFiles.MinimalPipeline);
        var procedural = files.Load().Dataset.Data.Procedural!;
        Assert.Equal(0.4, procedural.DiagnosisOverlap);
        Assert.Equal(["ink", "gel_bubble"], procedural.MelanomaGivenArtifact.Select(kv => kv.Key));
        Assert.Equal(0.1, procedural.MelanomaGivenArtifact[0].Value, 12);
        Assert.Equal(0.8, procedural.MelanomaGivenArtifact[1].Value, 12);
    }

    [Fact]
    public void An_artifact_needs_a_share_and_both_shares_must_sum_to_one()
    {
        using var files = new SpecFiles().Spec(WithGenerator("    artifact_correlations:\n      - {artifact: ink, MEL: 0.5, NV: 0.6}\n      - {artifact: hair}\n")).Pipeline(SpecFiles.MinimalPipeline);
        var errors = files.Errors();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.KeyPath == "data.procedural.artifact_correlations[0]" && e.Message.Contains("must sum to 1 (got 1.1)"));
        Assert.Contains(errors, e => e.KeyPath == "data.procedural.artifact_correlations[1]" && e.Message.Contains("needs MEL or NV"));
    }

    [Fact]
    public void Unknown_or_repeated_artifacts_and_out_of_range_values_are_refused()
    {
        using var files = new SpecFiles()
            .Spec(WithGenerator("    diagnosis_overlap: 1.5\n    artifact_correlations:\n      - {artifact: freckles, NV: 0.9}\n      - {artifact: ink, NV: 0.9}\n      - {artifact: ink, NV: 0.8}\n"))
            .Pipeline(SpecFiles.MinimalPipeline);
        var errors = files.Errors();
        Assert.Contains(errors, e => e.KeyPath == "data.procedural.diagnosis_overlap");
        Assert.Contains(errors, e => e.KeyPath == "data.procedural.artifact_correlations[0].artifact" && e.Message.Contains("freckles"));
        Assert.Contains(errors, e => e.KeyPath.StartsWith("data.procedural.artifact_correlations", StringComparison.Ordinal) && e.Message.Contains("ink"));
    }
}
