using System.Text.Json.Nodes;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Models.Vae;
using Toolchain.Diffusion.Weights;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Checkpoints;

public sealed class DiffusersCheckpointTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("diffusers-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void SavingTwiceGivesIdenticalBytesAndReloadsExactly()
    {
        var unet = DiffusersComponent.LoadUnet(Fixtures.Path("unet-sd2-linear-tiny"));
        string first = Path.Combine(temp, "a"), second = Path.Combine(temp, "b");
        DiffusersComponent.Save(unet, first);
        var reloaded = DiffusersComponent.LoadUnet(first);
        DiffusersComponent.Save(reloaded, second);

        foreach (var name in new[] { DiffusersComponent.ConfigFileName, DiffusersComponent.WeightsFileName })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, name)), File.ReadAllBytes(Path.Combine(second, name)));
        }
        Assert.Equal(unet.Config.ToJson(), reloaded.Config.ToJson());
        Assert.True(WeightCheck.Run(second, Fixtures.Path("unet-sd2-linear-tiny", "io.safetensors")).Passed);
    }

    [Fact]
    public void SavedConfigIsSortedLikeDiffusersAndParsesBack()
    {
        var config = UNetPresets.TinyCpu;
        string json = config.ToJson();
        var keys = System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.StartsWith("{\n  \"_class_name\": \"UNet2DConditionModel\",\n  \"_diffusers_version\": \"0.25.0\",", json);
        Assert.Equal(json, UNet2DConditionConfig.FromJson(json).ToJson());
    }

    [Fact]
    public void PipelineFolderListsComponentsAndLoadsUnetAndVae()
    {
        DiffusersCheckpoint.WriteModelIndex(temp, "StableDiffusionPipeline",
        [
            new("unet", "diffusers", "UNet2DConditionModel"),
            new("vae", "diffusers", "AutoencoderKL"),
            new("text_encoder", "transformers", "CLIPTextModel"),
        ], new Dictionary<string, bool> { ["requires_safety_checker"] = false });
        DiffusersComponent.Save(DiffusersComponent.LoadUnet(Fixtures.Path("unet-sd15-tiny")), Path.Combine(temp, "unet"));
        DiffusersComponent.Save(DiffusersComponent.LoadVae(Fixtures.Path("vae-tiny")), Path.Combine(temp, "vae"));

        var checkpoint = DiffusersCheckpoint.Open(temp);

        Assert.Equal("StableDiffusionPipeline", checkpoint.PipelineClassName);
        Assert.Equal(["text_encoder", "unet", "vae"], checkpoint.Components.Keys);
        Assert.Equal(4, checkpoint.LoadUnet().Config.InChannels);
        Assert.Equal(0.18215, checkpoint.LoadVae().Config.ScalingFactor);
        var missing = Assert.Throws<WeightsFormatError>(() => checkpoint.ComponentPath("text_encoder"));
        Assert.Contains("component folder listed in model_index.json is missing", missing.Message);
        Assert.Throws<WeightsFormatError>(() => checkpoint.ComponentPath("tokenizer"));
    }

    [Theory]
    [InlineData("class_embed_type", "\"timestep\"", "'class_embed_type' is \"timestep\", but this engine only implements null")]
    [InlineData("down_block_types", "[\"SimpleCrossAttnDownBlock2D\", \"DownBlock2D\"]", "'down_block_types' contains SimpleCrossAttnDownBlock2D")]
    [InlineData("act_fn", "\"gelu\"", "'act_fn' is \"gelu\"")]
    [InlineData("shiny_new_option", "3", "unknown field(s) shiny_new_option")]
    [InlineData("layers_per_block", "[1, 2, 3]", "'layers_per_block' has 3 entries but there are 2 down blocks")]
    [InlineData("attention_head_dim", "[4, 7]", "'attention_head_dim' entry 7 must divide the block's 64 channels")]
    [InlineData("norm_num_groups", "0", "'norm_num_groups' is 0; it must be between 1 and 1024")]
    [InlineData("block_out_channels", "[65536, 65536]", "'block_out_channels' is 65536; it must be between 1 and 4096")]
    [InlineData("layers_per_block", "1000000", "'layers_per_block' is 1000000; it must be between 1 and 32")]
    public void UnsupportedConfigValuesAreRejectedNamingTheField(string field, string valueJson, string message)
    {
        var config = JsonNode.Parse(File.ReadAllText(Fixtures.Path("unet-sd2-linear-tiny", "config.json")))!.AsObject();
        config[field] = JsonNode.Parse(valueJson);

        var error = Assert.Throws<ModelConfigError>(() => UNet2DConditionConfig.FromJson(config.ToJsonString(), "unet/config.json"));

        Assert.Contains("unet/config.json", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("norm_num_groups", "0", "'norm_num_groups' is 0; it must be between 1 and 1024")]
    [InlineData("block_out_channels", "[65536, 65536]", "'block_out_channels' is 65536; it must be between 1 and 4096")]
    [InlineData("layers_per_block", "1000000", "'layers_per_block' is 1000000; it must be between 1 and 32")]
    public void VaeConfigValuesAreBoundedBeforeAnyModuleIsBuilt(string field, string valueJson, string message)
    {
        var config = JsonNode.Parse(File.ReadAllText(Fixtures.Path("vae-tiny", "config.json")))!.AsObject();
        config[field] = JsonNode.Parse(valueJson);
        var error = Assert.Throws<ModelConfigError>(() => AutoencoderKLConfig.FromJson(config.ToJsonString(), "vae/config.json"));
        Assert.Contains("vae/config.json: field " + message, error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void Sd1AttentionHeadDimMeansHeadCount()
    {
        var config = UNet2DConditionConfig.Load(Fixtures.Path("unet-sd15-tiny", "config.json"));
        var unet = new UNet2DConditionModel(config, new Generator(0));

        Assert.Equal([4, 4, 4], config.HeadsPerBlock);
        var block = (CrossAttnDownBlock2D)unet.down_blocks[0];
        Assert.Equal(4, block.attentions[0].transformer_blocks[0].attn1.Heads);
    }
}
