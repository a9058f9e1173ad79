using System.Text.Json.Nodes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Imaging;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Filter;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Tests.Rewards;
using Toolchain.Vision;

namespace Toolchain.Stages.Tests.Filter;

/// <summary>
/// Filter on a fabricated sample folder: noise images with chosen prompts, an exact duplicate and a copy of a
/// training image, scored by a classifier that always predicts ink + MEL and a random judge.
/// </summary>
public sealed class FilterStageTests : IDisposable
{
    private const string MelInk = "a dermoscopic image with melanoma (MEL) showing ink";
    private const string MelHairInk = "a dermoscopic image with melanoma (MEL) showing hair, ink";
    private const string NvHair = "a dermoscopic image with melanocytic nevus (NV) showing hair";

    private readonly SpecWorkspace workspace = new();
    private readonly string sample;
    private readonly string trainReward;
    private readonly string prepare;

    public FilterStageTests()
    {
        workspace.Replace("ci", "{subgroup: mel-ink, count: 8}", "{subgroup: mel-ink, count: 3}");
        workspace.Replace("ci", "{subgroup: nv-hair, count: 4}", "{subgroup: nv-hair, count: 2}");
        workspace.Replace("ci", "    threshold: 0.5\n", "    threshold: 0.9\n    near_duplicate_threshold: 0.9999\n    memorisation_threshold: 0.9999\n");
        prepare = StageHarness.Prepare(SpecLoader.Load(workspace.Spec("ci")), workspace.Cache);
        trainReward = Path.Combine(workspace.Root, "train_reward");
        HandMadeModels.SaveConstantClassifier(Path.Combine(trainReward, "classifier"), "ink", "MEL");
        HandMadeModels.SaveRandomJudge(Path.Combine(trainReward, JudgeModel.FolderName));
        sample = FabricateSample();
    }

    public void Dispose() => workspace.Dispose();

    /// <summary>The candidates in sample order and the decision each should get.</summary>
    private static readonly (string Subgroup, string Prompt, string Image, string Expected)[] Candidates =
    [
        ("mel-ink", MelInk, "noise-0", "accepted"),
        ("mel-ink", MelInk, "noise-0", "near_duplicate"),             // same pixels as the first
        ("mel-ink", MelInk, "train-copy", "too_close_to_training_image"),
        ("mel-ink", MelHairInk, "noise-1", "below_threshold"),         // reward 5/6 < 0.9
        ("nv-hair", NvHair, "noise-2", "below_threshold"),             // reward 2/6
        ("mel-ink", MelInk, "noise-3", "accepted"),
        ("mel-ink", MelInk, "noise-4", "accepted"),
        ("mel-ink", MelInk, "noise-5", "quota_already_met"),
        ("nv-hair", NvHair, "noise-6", "below_threshold"),
    ];

    private string FabricateSample()
    {
        var folder = Path.Combine(workspace.Root, "sample");
        var dataset = CanonicalDatasetReader.Read(Path.Combine(prepare, PrepareStage.DatasetFolder));
        var trainImage = File.ReadAllBytes(dataset.PathOf(dataset.InSplit(SplitNames.Train).First().FileName));
        using var noise = HandMadeModels.Noise(7, 32, seed: 11);
        var noisePngs = ImageBatch.ToRgb(noise).Select(rgb =>
        {
            using var image = Image.LoadPixelData<Rgb24>(rgb, 32, 32);
            return PngFiles.Encode(image);
        }).ToArray();
        var lines = new List<string> { "file_name,subgroup,prompt,seed,model_digest,guidance,steps,eta" };
        var counters = new Dictionary<string, int>();
        for (int i = 0; i < Candidates.Length; i++)
        {
            var (subgroup, prompt, image, _) = Candidates[i];
            int n = counters.GetValueOrDefault(subgroup);
            counters[subgroup] = n + 1;
            var file = $"images/{subgroup}/{n}.png";
            Directory.CreateDirectory(Path.Combine(folder, "images", subgroup));
            File.WriteAllBytes(Path.Combine(folder, file), image == "train-copy" ? trainImage : noisePngs[int.Parse(image["noise-".Length..])]);
            lines.Add($"{file},{subgroup},\"{prompt}\",{1000 + i},sha256:abc,3.0,8,1.0");
        }
        File.WriteAllText(Path.Combine(folder, SampleCandidates.FileName), string.Join("\n", lines) + "\n");
        return folder;
    }

    private string Run(string? extraOverride = null)
    {
        if (extraOverride is not null)
        {
            workspace.Replace("ci", "  filter:\n", "  filter:\n" + extraOverride);
        }
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var inputs = new Dictionary<string, string> { ["prepare"] = prepare, ["sample"] = sample, ["train_reward"] = trainReward };
        return StageHarness.Run(new FilterStage(), spec, inputs, Path.Combine(workspace.Root, "filter-" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public void DecidesEveryCandidateFillsQuotasAndWritesTheImageFolder()
    {
        var output = Run();

        var decisions = File.ReadAllLines(Path.Combine(output, DecisionsCsv.FileName));
        Assert.Equal("file_name,subgroup,prompt,seed,reward,nearest_train_similarity,nearest_accepted_similarity,decision,reason", decisions[0]);
        Assert.Equal(Candidates.Select(c => c.Expected), decisions.Skip(1).Select(l => l.Split(',')[^1]));

        var acceptance = JsonNode.Parse(File.ReadAllText(Path.Combine(output, AcceptanceReport.FileName)))!;
        var melInk = acceptance["subgroups"]!["mel-ink"]!;
        Assert.Equal(3, melInk["accepted"]!.GetValue<int>());
        Assert.Equal(6, melInk["examined"]!.GetValue<int>());
        Assert.Equal(0.5, melInk["acceptance_rate"]!.GetValue<double>());
        Assert.Equal(0, melInk["shortfall"]!.GetValue<int>());
        var nvHair = acceptance["subgroups"]!["nv-hair"]!;
        Assert.Equal(0, nvHair["accepted"]!.GetValue<int>());
        Assert.Equal(2, nvHair["rejected"]!["below_threshold"]!.GetValue<int>());
        Assert.Contains(acceptance["unmet"]!.AsArray(), u => u!["subgroup"]!.GetValue<string>() == "nv-hair" && u["shortfall"]!.GetValue<int>() == 2);

        var metadata = File.ReadAllLines(Path.Combine(output, ImageFolderWriter.Folder, ImageFolderWriter.MetadataFile));
        Assert.Equal("file_name,hair,gel_bubble,ruler,ink,MEL,NV,subgroup,prompt,seed,reward,model_digest", metadata[0]);
        Assert.Equal(
        [
            "images/mel-ink/0.png,0,0,0,1,1,0,mel-ink,a dermoscopic image with melanoma (MEL) showing ink,1000,1,sha256:abc",
            "images/mel-ink/1.png,0,0,0,1,1,0,mel-ink,a dermoscopic image with melanoma (MEL) showing ink,1005,1,sha256:abc",
            "images/mel-ink/2.png,0,0,0,1,1,0,mel-ink,a dermoscopic image with melanoma (MEL) showing ink,1006,1,sha256:abc",
        ], metadata.Skip(1));
        // Accepted images are the sample's bytes, unchanged (the 6th candidate is mel-ink/4 in the sample).
        Assert.Equal(File.ReadAllBytes(Path.Combine(sample, "images/mel-ink/4.png")),
            File.ReadAllBytes(Path.Combine(output, "dataset/images/mel-ink/1.png")));
    }

    [Fact]
    public void UnmetQuotaFailsWhenAskedTo()
    {
        var error = Assert.Throws<ToolchainError>(() => Run("    on_unmet_quota: fail\n"));
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("nv-hair (0 of 2 from 2 candidates)", error.Message);
        Assert.DoesNotContain("mel-ink (", error.Message);
    }

    [Fact]
    public void CapOnKeptImagesLowersTheTarget()
    {
        var output = Run("    max_samples_per_subgroup: 1\n");
        var decisions = File.ReadAllLines(Path.Combine(output, DecisionsCsv.FileName)).Skip(1).Select(l => l.Split(',')[^1]).ToArray();
        Assert.Equal("accepted", decisions[0]);
        Assert.All(new[] { 1, 2, 3, 5, 6, 7 }, i => Assert.Equal("quota_already_met", decisions[i]));
    }
}
