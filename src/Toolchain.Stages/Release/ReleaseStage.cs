using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Hashing;
using Toolchain.Pipeline.Locking;
using Toolchain.Pipeline.Manifests;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Running;

namespace Toolchain.Stages.Release;

/// <summary>
/// Writes the versioned dataset release (layout in <see cref="ReleaseLayout"/>) from filter's
/// accepted images plus everything needed to trust and rebuild them: the resolved spec, the spec
/// files as written, each upstream stage's key components and output manifest, a datasheet and
/// a manifest of every file. Nothing in it depends on the clock, the host or absolute paths.
/// </summary>
public sealed class ReleaseStage : IStage
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public string Name => StageCatalog.Release;

    public StageSummary Run(StageContext context)
    {
        var folder = Path.Combine(context.OutputDirectory, ReleaseLayout.Folder);
        Directory.CreateDirectory(folder);
        var upstream = UpstreamEntries.Read(context.Stage.DependsOn.Select(d => KeyValuePair.Create(d, context.Input(d))));

        var filterDataset = Path.Combine(context.Input(StageCatalog.Filter), "dataset");
        var metadata = ReleaseMetadata.Read(filterDataset);
        if (metadata.Images.Count == 0)
        {
            throw new ToolchainError("filter accepted no images: there is nothing to release (lower filter.threshold or raise sample.oversample)", exitCode: 1);
        }
        using (var task = context.Progress.Start("copying released images", metadata.Images.Count))
        {
            foreach (var image in metadata.Images)
            {
                var target = Path.Combine(folder, image.ReleaseFile);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(filterDataset, image.SourceFile), target);
                task.Increment();
            }
        }
        WriteText(folder, ReleaseLayout.Metadata, metadata.ToCsv());

        var evaluateMetrics = ReadUpstreamJson(context, StageCatalog.Evaluate, "metrics.json");
        var downstream = ReadUpstreamJson(context, StageCatalog.Retrain, "downstream.json");
        var report = FinalReport(context);
        if (report is not null)
        {
            File.Copy(report, Path.Combine(folder, ReleaseLayout.Report));
        }
        var hasReport = report is not null;

        WriteText(folder, ReleaseLayout.ResolvedSpec, ResolvedSpecDocument.Render(context.Spec));
        WriteText(folder, ReleaseLayout.Lock, new LockFile(upstream.Select(u => u.Lock)).ToText());
        foreach (var stage in upstream)
        {
            WriteText(folder, ReleaseLayout.StageManifest(stage.Lock.Stage), stage.Manifest.Text);
        }
        WriteText(folder, BuildRecord.File, BuildRecord.Of(context.Environment).ToText());
        SpecSnapshot.Of(context.Spec).Write(folder);

        var datasheet = new Datasheet
        {
            Spec = context.Spec,
            Metadata = metadata,
            Upstream = upstream,
            Environment = context.Environment,
            SourceRevision = SourceRevision.Current,
            EvaluateMetrics = evaluateMetrics,
            DownstreamMetrics = downstream,
            HasReport = hasReport,
        };
        WriteText(folder, ReleaseLayout.DatasetCard, datasheet.Render());

        ReleaseHygiene.Check(folder, ForbiddenFragments(context));

        // Hashed before the manifest file exists, so the manifest never lists itself.
        var manifest = Manifest.Create(folder);
        manifest.Write(Path.Combine(folder, ReleaseLayout.Manifest));

        var facts = new JsonObject
        {
            ["images"] = metadata.Images.Count,
            ["files"] = manifest.Entries.Count,
            ["bytes"] = manifest.TotalBytes,
            ["manifest_digest"] = manifest.Digest,
        };
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{context.Spec.Dataset.Release.Name} {context.Spec.Dataset.Release.Version}: {metadata.Images.Count} images, {manifest.Entries.Count + 1} files, manifest {manifest.Digest[..12]}");
        if (context.Settings["tarball"]?.GetValue<bool>() == true)
        {
            var release = context.Spec.Dataset.Release;
            var tarball = Path.Combine(context.OutputDirectory, ReleaseLayout.Tarball);
            var sha = DeterministicTarball.Write(folder, $"{release.Name}-{release.Version}", tarball);
            WriteText(context.OutputDirectory, ReleaseLayout.TarballChecksum, $"{sha}  {ReleaseLayout.Tarball}\n");
            facts["tarball_sha256"] = sha;
            line += $", tarball {sha[..12]}";
        }
        return StageSummary.Of(line, facts);
    }

    /// <summary>
    /// The report to ship: Retrain's final one (Evaluate's plus the downstream study) when Retrain ran after
    /// Evaluate, else Evaluate's, else none.
    /// </summary>
    private static string? FinalReport(StageContext context)
    {
        var evaluate = context.OptionalInput(StageCatalog.Evaluate);
        if (evaluate is null) return null;
        if (context.OptionalInput(StageCatalog.Retrain) is { } retrain)
        {
            var final = Path.Combine(retrain, ReleaseLayout.Report);
            return File.Exists(final) ? final
                : throw new ToolchainError($"stage {StageCatalog.Retrain} ran after {StageCatalog.Evaluate} but wrote no {ReleaseLayout.Report}, the final report the release ships", exitCode: 1);
        }
        var report = Path.Combine(evaluate, ReleaseLayout.Report);
        return File.Exists(report) ? report : null;
    }

    /// <summary>A metrics file an upstream stage must write when the pipeline runs it (see docs/stage-outputs.md).</summary>
    private static JsonNode? ReadUpstreamJson(StageContext context, string stage, string file)
    {
        if (context.OptionalInput(stage) is not { } folder) return null;
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            throw new ToolchainError($"stage {stage} ran but wrote no {file}, which the release summarises", exitCode: 1);
        }
        try
        {
            return JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ToolchainError($"{stage}/{file} is not valid JSON: {e.Message}", exitCode: 1, e);
        }
    }

    /// <summary>Absolute paths of this machine that must never leak into a release.</summary>
    private static IEnumerable<string> ForbiddenFragments(StageContext context)
    {
        yield return Path.GetDirectoryName(Path.GetFullPath(context.Spec.SpecFile))!;
        yield return Path.GetDirectoryName(Path.GetFullPath(context.OutputDirectory))!;
        yield return System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
    }

    private static void WriteText(string folder, string relative, string text)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Utf8NoBom);
    }
}
