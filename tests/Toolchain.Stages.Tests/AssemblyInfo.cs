// One test at a time. Besides sharing libtorch's pinned 2-thread pool, parallel tests once failed a fresh-clone CI
// run: the FineTune fixture's UNet forward stopped in `hidden + projected` with libtorch's "Expected false to be true"
// from Scalar::toFloat, i.e. the add's implicit alpha Scalar held garbage. The likeliest cause is TorchSharp's
// temporary Scalar being finalised while its handle is still in use, which needs a garbage collection during the
// native call; another test allocating heavily at the same time (an 87 MB weights file) makes that far likelier.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
