using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>release: the versioned dataset folder with metadata, manifest, datasheet and report.</summary>
public static class ReleaseStageSchema
{
    public static ObjectSchema Build() => new ObjectSchema()
        .Default("tarball", new BoolSchema(), false, "Also write a reproducible .tar.gz of the release folder.");
}
