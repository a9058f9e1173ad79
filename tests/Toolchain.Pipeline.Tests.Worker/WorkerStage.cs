using System.Text.Json.Nodes;
using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Tests.Worker;

/// <summary>The stage the worker produces; tests use the same definitions to predict its key and outputs.</summary>
public static class WorkerStage
{
    public const int FileSize = 64 * 1024;

    public static StageKeyComponents Components(string stage, int files) =>
        new(stage, 1,
            new JsonObject { ["files"] = files },
            seeds: new JsonObject { ["seed"] = 7 },
            environment: new JsonObject { ["threads"] = 1 });

    /// <summary>Deterministic content, written and flushed one file at a time so a kill lands mid-work.</summary>
    public static void WriteOutputs(string outputs, int files, TimeSpan delayPerFile)
    {
        for (var i = 0; i < files; i++)
        {
            var bytes = new byte[FileSize];
            for (var b = 0; b < bytes.Length; b++) bytes[b] = (byte)((i * 31 + b * 7) & 0xff);
            var path = Path.Combine(outputs, "shards", $"part-{i:D3}.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                // Half the file, a pause, then the rest: a kill can leave a torn file behind.
                stream.Write(bytes, 0, bytes.Length / 2);
                stream.Flush();
                Thread.Sleep(delayPerFile / 2);
                stream.Write(bytes, bytes.Length / 2, bytes.Length - bytes.Length / 2);
            }
            Thread.Sleep(delayPerFile / 2);
        }
    }

    public static void WaitForFile(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"release file {path} never appeared");
            Thread.Sleep(20);
        }
    }
}
