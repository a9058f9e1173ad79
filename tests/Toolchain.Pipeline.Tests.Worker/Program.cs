using System.Globalization;
using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Tests.Worker;

// Usage: <cache root> <stage> <wait|fail> <file count> <delay ms per file> [<release file>]
// Produces WorkerStage.Components(stage, files) by writing files slowly; prints "STARTED" when the
// work begins and "OUTCOME <Hit|Produced> <key>" at the end. With a release file, the work (and
// so the key's lock) is held until that file exists, letting a test order two processes exactly.
// Progress messages go to stderr.
if (args.Length is not (5 or 6))
{
    Console.Error.WriteLine("usage: <cache root> <stage> <wait|fail> <file count> <delay ms per file> [<release file>]");
    return 2;
}

var root = args[0];
var stage = args[1];
var mode = args[2] == "fail" ? LockWaitMode.Fail : LockWaitMode.Wait;
var files = int.Parse(args[3], CultureInfo.InvariantCulture);
var delay = TimeSpan.FromMilliseconds(int.Parse(args[4], CultureInfo.InvariantCulture));
var releaseFile = args.Length == 6 ? args[5] : null;

var cache = new StageCache(root, new StageCacheOptions
{
    LockWait = mode,
    LockTimeout = TimeSpan.FromSeconds(60),
    LockPollInterval = TimeSpan.FromMilliseconds(50),
    Log = message => Console.Error.WriteLine(message),
});

try
{
    var result = cache.Produce(WorkerStage.Components(stage, files), outputs =>
    {
        Console.Out.WriteLine("STARTED");
        Console.Out.Flush();
        WorkerStage.WriteOutputs(outputs, files, delay);
        if (releaseFile is not null) WorkerStage.WaitForFile(releaseFile, TimeSpan.FromSeconds(60));
    });
    Console.Out.WriteLine($"OUTCOME {result.Outcome} {result.Entry.Key.Hex}");
    return 0;
}
catch (ToolchainError e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return e.ExitCode;
}
