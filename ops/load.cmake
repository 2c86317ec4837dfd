# load: sources, tests and benchmarks of this area of redis_testkit::ops.
