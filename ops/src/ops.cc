// Placeholder translation unit so that redis_testkit_ops has a source while its areas are empty.
namespace redis_testkit::ops::internal {
int OpsLayerAnchor() { return 0; }
}  // namespace redis_testkit::ops::internal
