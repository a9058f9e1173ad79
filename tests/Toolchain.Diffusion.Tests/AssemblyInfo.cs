// One test at a time: the tests share libtorch's pinned thread pool, and a garbage collection triggered by a
// parallel test while another is inside a native call is what TorchSharp's temporary Scalars are exposed to
// (see tests/Toolchain.Stages.Tests/AssemblyInfo.cs).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
