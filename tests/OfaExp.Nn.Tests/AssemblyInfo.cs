// libtorch's thread pool is process-wide and the machine has few cores: run trainer tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
