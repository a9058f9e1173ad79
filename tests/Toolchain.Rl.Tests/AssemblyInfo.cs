// Tests share libtorch's thread pool and pin its size; running them one at a time keeps them
// deterministic and light on the shared 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
