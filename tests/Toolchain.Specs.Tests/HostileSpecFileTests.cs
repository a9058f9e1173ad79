using Toolchain.Core;

namespace Toolchain.Specs.Tests;

/// <summary>Spec and pipeline files that are not what they claim to be are refused cleanly (issue 27, probes 6, 7, 9).</summary>
public class HostileSpecFileTests
{
    [Fact]
    public void A_spec_with_bytes_that_are_not_utf8_is_refused_naming_the_line()
    {
        using var files = new SpecFiles().Pipeline(SpecFiles.MinimalPipeline).Spec(SpecFiles.MinimalSpec);
        var bytes = File.ReadAllBytes(files.SpecPath).ToList();
        var at = bytes.IndexOf((byte)'3'); // seed: 3, line 2
        bytes[at] = 0xE9;
        File.WriteAllBytes(files.SpecPath, [.. bytes]);

        var error = Assert.Throws<ToolchainError>(files.Load);
        Assert.Equal(2, error.ExitCode);
        Assert.EndsWith("spec.yaml:2: not valid UTF-8 (byte offset 17)", error.Message);
    }

    [Fact]
    public void A_spec_with_a_nul_character_is_refused_naming_the_line()
    {
        using var files = new SpecFiles().Pipeline(SpecFiles.MinimalPipeline).Spec(SpecFiles.MinimalSpec.Replace("seed: 3", "seed: 3\0"));
        var error = Assert.Throws<ToolchainError>(files.Load);
        Assert.EndsWith("spec.yaml:2: contains a NUL character", error.Message);
    }

    [Fact]
    public void A_pipeline_that_is_some_other_text_file_is_not_printed()
    {
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec);
        File.WriteAllText(Path.Combine(files.Root, "passwd"), "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
        File.WriteAllText(files.SpecPath, SpecFiles.MinimalSpec.Replace("../pipelines/pipe.yaml", "../passwd"));

        var error = Assert.Single(files.Errors());
        Assert.DoesNotContain("/bin/bash", error.ToString());
        Assert.Contains("expected a mapping of keys at the top of the file (got text of 79 characters: is this a YAML spec?)", error.Message);
    }

    [Fact]
    public void A_pipeline_that_is_a_fifo_or_a_device_is_refused_instead_of_read()
    {
        if (OperatingSystem.IsWindows()) return;
        using var files = new SpecFiles().Spec(SpecFiles.MinimalSpec.Replace("../pipelines/pipe.yaml", "/dev/zero"));
        var device = Assert.Throws<ToolchainError>(files.Load);
        Assert.Equal((2, "/dev/zero: is not a regular file (a FIFO, socket or device)"), (device.ExitCode, device.Message));

        var fifo = Path.Combine(files.Root, "pipe.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        File.WriteAllText(files.SpecPath, SpecFiles.MinimalSpec.Replace("../pipelines/pipe.yaml", "../pipe.fifo"));
        Assert.EndsWith("pipe.fifo: is not a regular file (a FIFO, socket or device)", Assert.Throws<ToolchainError>(files.Load).Message);
    }
}
