using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Runtime;
using TorchSharp;

namespace Toolchain.Diffusion.Tests.Checkpoints;

/// <summary>docs/python-loading.md's snippet loads a saved pixel-space model component by component: every subfolder, class and file it reads is there.</summary>
public sealed partial class PythonLoadingSnippetTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("toolchain-python-").FullName;

    public PythonLoadingSnippetTests() => EngineEnvironment.Configure(2);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [GeneratedRegex("""(\w+)\.from_pretrained\(model, subfolder="(\w+)"\)""")]
    private static partial Regex FromPretrained();

    [GeneratedRegex(@"unet\.config\.(\w+)")]
    private static partial Regex UnetConfigKey();

    [Fact]
    public void EveryComponentTheSnippetLoadsIsInTheSavedLayout()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "python-loading.md"));
        var loads = FromPretrained().Matches(doc).Select(m => (Class: m.Groups[1].Value, Folder: m.Groups[2].Value)).ToList();
        Assert.Equal(["UNet2DConditionModel", "CLIPTextModel", "CLIPTokenizer", "DDIMScheduler"], loads.Select(l => l.Class));

        using var model = TextToImageModel.CreateFromScratch(TextToImageModelTests.Tiny, new torch.Generator(3));
        model.Save(root);

        foreach (var (cls, folder) in loads)
        {
            string[] files = cls switch
            {
                "UNet2DConditionModel" => ["config.json", "diffusion_pytorch_model.safetensors"],
                "CLIPTextModel" => ["config.json", "model.safetensors"],
                "CLIPTokenizer" => ["vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json"],
                "DDIMScheduler" => ["scheduler_config.json"],
                _ => throw new InvalidOperationException($"the snippet loads {cls}, which this test does not know"),
            };
            foreach (var file in files)
            {
                Assert.True(File.Exists(Path.Combine(root, folder, file)), $"{folder}/{file} for {cls}");
            }
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(root, folder, files[0])))!;
            switch (cls)
            {
                case "UNet2DConditionModel" or "DDIMScheduler":
                    Assert.Equal(cls, config["_class_name"]!.GetValue<string>());
                    break;
                case "CLIPTextModel":
                    Assert.Contains(cls, config["architectures"]!.AsArray().Select(a => a!.GetValue<string>()));
                    break;
            }
        }

        var unetConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "unet", "config.json")))!.AsObject();
        foreach (var key in UnetConfigKey().Matches(doc).Select(m => m.Groups[1].Value).Distinct())
        {
            Assert.True(unetConfig.ContainsKey(key), $"unet/config.json has no '{key}', which the snippet reads");
        }
        // Why the snippet loads components: the pixel-space model has no vae for StableDiffusionPipeline.
        Assert.False(Directory.Exists(Path.Combine(root, "vae")));
        Assert.Contains("do not\nload it with `DiffusionPipeline.from_pretrained`", doc);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Toolchain.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("repository root (Toolchain.sln) not found above " + AppContext.BaseDirectory);
    }
}
